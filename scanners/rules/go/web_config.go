package main

import (
	"net/http"
	"os"

	"github.com/golang-jwt/jwt/v5"
)

// ruleid: go.lang.hardcoded-credential
const apiKey = "ak_live_7f3b9c2e1d4a"

// ruleid: go.lang.hardcoded-credential
const dbPassword = "pr0d-Db-Pa55word"

// ok: go.lang.hardcoded-credential
const passwordHint = "at least twelve characters"

func paymentClient() string {
	// ruleid: go.lang.hardcoded-credential
	paymentSecret := "pk9Vq2LmX8rT4wZs7HbN3cJd"
	// ok: go.lang.hardcoded-credential
	stripeApiKey := os.Getenv("STRIPE_API_KEY")
	return paymentSecret + stripeApiKey
}

func login(w http.ResponseWriter, r *http.Request) {
	// ok: go.lang.hardcoded-credential
	secret := os.Getenv("SESSION_SECRET")
	// ruleid: go.net-http.insecure-cookie
	http.SetCookie(w, &http.Cookie{Name: "sid", Value: secret})
	// ok: go.net-http.insecure-cookie
	http.SetCookie(w, &http.Cookie{Name: "sid", Value: secret, Secure: true, HttpOnly: true, SameSite: http.SameSiteLaxMode})
}

func claims(tokenString string) jwt.MapClaims {
	parser := jwt.NewParser()
	// ruleid: go.jwt.unverified-parse
	token, _, _ := parser.ParseUnverified(tokenString, jwt.MapClaims{})
	// ok: go.jwt.unverified-parse
	verified, _ := jwt.Parse(tokenString, keyFunc, jwt.WithValidMethods([]string{"HS256"}))
	_ = verified
	return token.Claims.(jwt.MapClaims)
}
