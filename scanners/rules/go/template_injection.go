package handlers

import (
	"html/template"
	"net/http"
)

func Preview(w http.ResponseWriter, r *http.Request) {
	body := r.FormValue("body")
	// ruleid: go.net-http.ssti-taint
	tpl, _ := template.New("preview").Parse(body)
	tpl.Execute(w, nil)
	// ok: go.net-http.ssti-taint
	safe, _ := template.New("preview").Parse("<p>{{.}}</p>")
	safe.Execute(w, body)
}
