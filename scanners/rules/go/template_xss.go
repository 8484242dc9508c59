package handlers

import (
	"bytes"
	"net/http"
	"text/template"
)

var page = template.Must(template.New("p").Parse("<h1>{{.}}</h1>"))

func Hello(w http.ResponseWriter, r *http.Request) {
	// ruleid: go.net-http.text-template-html
	page.Execute(w, r.FormValue("name"))
}

func Report(out *bytes.Buffer, name string) {
	// ok: go.net-http.text-template-html
	page.Execute(out, name)
}
