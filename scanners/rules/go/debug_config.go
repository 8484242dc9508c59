package main

import (
	"net/http"

	"github.com/gin-gonic/gin"
	"github.com/gorilla/sessions"
)

// ruleid: go.net-http.pprof-exposed
import _ "net/http/pprof"

// ok: go.net-http.pprof-exposed
import _ "embed"

func setup(store *sessions.CookieStore) {
	// ruleid: go.gin.debug-mode
	gin.SetMode(gin.DebugMode)
	// ok: go.gin.debug-mode
	gin.SetMode(gin.ReleaseMode)
	// ruleid: go.web.insecure-cookie-options
	store.Options = &sessions.Options{Path: "/", MaxAge: 3600, HttpOnly: true}
	// ok: go.web.insecure-cookie-options
	store.Options = &sessions.Options{Path: "/", MaxAge: 3600, HttpOnly: true, Secure: true}
}

func login(c *gin.Context) {
	// ruleid: go.web.insecure-cookie-options
	c.SetCookie("session", "abc", 3600, "/", "example.com", false, true)
	// ok: go.web.insecure-cookie-options
	c.SetCookie("session", "abc", 3600, "/", "example.com", true, true)
}

func cors(w http.ResponseWriter, r *http.Request) {
	w.Header().Set("Access-Control-Allow-Credentials", "true")
	// ruleid: go.net-http.cors-reflected-origin
	w.Header().Set("Access-Control-Allow-Origin", r.Header.Get("Origin"))
}

func corsSafe(w http.ResponseWriter, r *http.Request) {
	// ok: go.net-http.cors-reflected-origin
	w.Header().Set("Access-Control-Allow-Origin", "https://app.example.com")
	w.Header().Set("Access-Control-Allow-Credentials", "true")
}
