package pki

import (
	"crypto/rand"
	"crypto/rsa"
)

func NewDeviceKey() (*rsa.PrivateKey, error) {
	return rsa.GenerateKey(rand.Reader, 3072)
}
