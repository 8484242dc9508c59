package crypto

import (
	"crypto/aes"
	"crypto/cipher"
	"crypto/rand"
	"crypto/rsa"
	"crypto/tls"
	"io"

	"github.com/golang-jwt/jwt/v5"
)

func EncryptStatic(key, plain []byte) []byte {
	block, _ := aes.NewCipher(key)
	out := make([]byte, len(plain))
	// ruleid: go.crypto.static-iv
	cipher.NewCBCEncrypter(block, []byte("0123456789abcdef")).CryptBlocks(out, plain)
	return out
}

func EncryptZeroNonce(key, plain []byte) []byte {
	block, _ := aes.NewCipher(key)
	gcm, _ := cipher.NewGCM(block)
	nonce := make([]byte, gcm.NonceSize())
	// ruleid: go.crypto.static-iv
	return gcm.Seal(nil, nonce, plain, nil)
}

func EncryptRandom(key, plain []byte) ([]byte, error) {
	block, err := aes.NewCipher(key)
	if err != nil {
		return nil, err
	}
	gcm, _ := cipher.NewGCM(block)
	nonce := make([]byte, gcm.NonceSize())
	if _, err := io.ReadFull(rand.Reader, nonce); err != nil {
		return nil, err
	}
	// ok: go.crypto.static-iv, go.crypto.ecb-mode
	return gcm.Seal(nonce, nonce, plain, nil), nil
}

func EncryptECB(key, plain []byte) []byte {
	block, _ := aes.NewCipher(key)
	out := make([]byte, len(plain))
	for i := 0; i < len(plain); i += aes.BlockSize {
		// ruleid: go.crypto.ecb-mode
		block.Encrypt(out[i:i+aes.BlockSize], plain[i:i+aes.BlockSize])
	}
	return out
}

func Keys() {
	// ruleid: go.crypto.weak-rsa-key
	weak, _ := rsa.GenerateKey(rand.Reader, 1024)
	// ok: go.crypto.weak-rsa-key
	strong, _ := rsa.GenerateKey(rand.Reader, 3072)
	_, _ = weak, strong
}

func TLSConfig() *tls.Config {
	return &tls.Config{
		MinVersion: tls.VersionTLS12,
		CipherSuites: []uint16{
			// ruleid: go.crypto.tls-weak-cipher-suite
			tls.TLS_RSA_WITH_3DES_EDE_CBC_SHA,
			// ok: go.crypto.tls-weak-cipher-suite
			tls.TLS_ECDHE_RSA_WITH_AES_128_GCM_SHA256,
		},
	}
}

func Sign(claims jwt.MapClaims, key []byte) (string, string) {
	// ruleid: go.jwt.none-algorithm
	unsigned, _ := jwt.NewWithClaims(jwt.SigningMethodNone, claims).SignedString(jwt.UnsafeAllowNoneSignatureType)
	// ok: go.jwt.none-algorithm
	signed, _ := jwt.NewWithClaims(jwt.SigningMethodHS256, claims).SignedString(key)
	return unsigned, signed
}
