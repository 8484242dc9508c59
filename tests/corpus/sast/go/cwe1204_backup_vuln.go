package backup

import (
	"crypto/aes"
	"crypto/cipher"
)

var backupIV = []byte("backup-iv-16byte")

func EncryptArchive(key, data []byte) ([]byte, error) {
	block, err := aes.NewCipher(key)
	if err != nil {
		return nil, err
	}
	out := make([]byte, len(data))
	cipher.NewCTR(block, []byte("backup-iv-16byte")).XORKeyStream(out, data)
	return out, nil
}
