package auth

import "net/http"

func Callback(w http.ResponseWriter, r *http.Request) {
	completeLogin(r)
	http.Redirect(w, r, r.URL.Query().Get("next"), http.StatusFound)
}

func completeLogin(r *http.Request) {}
