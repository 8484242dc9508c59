package main

import (
	"crypto/aes"
	"crypto/des"
	"crypto/sha256"
	"crypto/tls"
	"fmt"
	"math/rand"

	"golang.org/x/crypto/bcrypt"
)

func clients() (*tls.Config, *tls.Config) {
	// ruleid: go.crypto.tls-insecure-skip-verify
	insecure := &tls.Config{InsecureSkipVerify: true}
	// ok: go.crypto.tls-insecure-skip-verify
	strict := &tls.Config{MinVersion: tls.VersionTLS12}
	return insecure, strict
}

func legacy() (*tls.Config, *tls.Config) {
	// ruleid: go.crypto.tls-weak-min-version
	old := &tls.Config{MinVersion: tls.VersionTLS10}
	// ok: go.crypto.tls-weak-min-version
	modern := &tls.Config{MinVersion: tls.VersionTLS13}
	return old, modern
}

func encrypt(key []byte) {
	// ruleid: go.crypto.weak-cipher
	block, _ := des.NewCipher(key)
	// ok: go.crypto.weak-cipher
	modern, _ := aes.NewCipher(key)
	fmt.Println(block, modern)
}

func storePassword(password string) {
	// ruleid: go.crypto.weak-password-hash
	digest := sha256.Sum256([]byte(password))
	// ok: go.crypto.weak-password-hash
	hashed, _ := bcrypt.GenerateFromPassword([]byte(password), bcrypt.DefaultCost)
	// ok: go.crypto.weak-password-hash
	etag := sha256.Sum256([]byte("profile"))
	fmt.Println(digest, hashed, etag)
}

func resetCode() int {
	// ruleid: go.lang.insecure-random-token
	resetCode := rand.Intn(1000000)
	// ok: go.lang.insecure-random-token
	backoff := rand.Intn(100)
	return resetCode + backoff
}
