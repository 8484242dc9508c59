package web

import (
	"html/template"
	"net/http"
)

var page = template.Must(template.ParseFiles("templates/profile.html"))

func Profile(w http.ResponseWriter, r *http.Request) {
	page.Execute(w, map[string]string{"Bio": r.FormValue("bio")})
}
