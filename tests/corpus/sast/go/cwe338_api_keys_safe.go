package keys

import (
	"crypto/rand"
	"encoding/hex"
)

func NewAPIKey() (string, error) {
	buf := make([]byte, 16)
	if _, err := rand.Read(buf); err != nil {
		return "", err
	}
	apiKey := hex.EncodeToString(buf)
	return apiKey, nil
}
