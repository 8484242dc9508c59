package main

import (
	"database/sql"
	"fmt"
	"html"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
)

var db *sql.DB

func searchUsers(w http.ResponseWriter, r *http.Request) {
	name := r.URL.Query().Get("name")
	// ruleid: go.net-http.sqli-taint
	rows, _ := db.Query("SELECT * FROM users WHERE name = '" + name + "'")
	// ok: go.net-http.sqli-taint
	same, _ := db.Query("SELECT * FROM users WHERE name = $1", name)
	id, _ := strconv.Atoi(r.FormValue("id"))
	// ok: go.net-http.sqli-taint
	byID, _ := db.Query(fmt.Sprintf("SELECT * FROM users WHERE id = %d", id))
	// ruleid: go.net-http.sqli-taint
	sorted, _ := db.Query(fmt.Sprintf("SELECT * FROM users ORDER BY %s", r.FormValue("sort")))
	fmt.Println(rows, same, byID, sorted)
}

func ping(w http.ResponseWriter, r *http.Request) {
	host := r.FormValue("host")
	// ruleid: go.net-http.command-injection-taint
	out, _ := exec.Command("sh", "-c", "ping -c 1 "+host).Output()
	// ok: go.net-http.command-injection-taint
	out2, _ := exec.Command("ping", "-c", "1", "example.org").Output()
	w.Write(append(out, out2...))
}

func download(w http.ResponseWriter, r *http.Request) {
	name := r.URL.Query().Get("file")
	// ruleid: go.net-http.path-traversal-taint
	data, _ := os.ReadFile(filepath.Join("/srv/files", name))
	// ok: go.net-http.path-traversal-taint
	safe, _ := os.ReadFile(filepath.Join("/srv/files", filepath.Base(name)))
	w.Write(append(data, safe...))
}

func preview(w http.ResponseWriter, r *http.Request) {
	// ruleid: go.net-http.ssrf-taint
	resp, _ := http.Get(r.URL.Query().Get("url"))
	// ok: go.net-http.ssrf-taint
	status, _ := http.Get("https://status.example.com/health")
	fmt.Println(resp, status)
}

func login(w http.ResponseWriter, r *http.Request) {
	// ruleid: go.net-http.open-redirect-taint
	http.Redirect(w, r, r.FormValue("next"), http.StatusFound)
}

func logout(w http.ResponseWriter, r *http.Request) {
	// ok: go.net-http.open-redirect-taint
	http.Redirect(w, r, "/", http.StatusFound)
}

func hello(w http.ResponseWriter, r *http.Request) {
	name := r.URL.Query().Get("name")
	// ruleid: go.net-http.xss-taint
	fmt.Fprintf(w, "<h1>Hello %s</h1>", name)
	// ok: go.net-http.xss-taint
	fmt.Fprintf(w, "<h1>Hello %s</h1>", html.EscapeString(name))
}

var feeds = map[string]string{"status": "https://status.example.org/feed", "blog": "https://blog.example.org/rss"}

var mirrors = map[string]string{"eu": "https://eu.mirror.test/", "custom": os.Getenv("MIRROR_URL")}

func feed(w http.ResponseWriter, r *http.Request) {
	target, ok := feeds[r.URL.Query().Get("feed")]
	if !ok {
		http.Error(w, "unknown feed", http.StatusBadRequest)
		return
	}
	// ok: go.net-http.ssrf-taint
	resp, _ := http.Get(target)
	// ruleid: go.net-http.ssrf-taint
	other, _ := http.Get(mirrors[r.FormValue("mirror")])
	fmt.Println(resp, other)
}

func afterLogin(w http.ResponseWriter, r *http.Request) {
	pages := map[string]string{
		"billing":  "/billing",
		"settings": "/settings",
	}
	// ok: go.net-http.open-redirect-taint
	http.Redirect(w, r, pages[r.FormValue("to")], http.StatusFound)
}
