package cards

import (
	"html/template"
	"net/http"
)

var layouts = map[string]*template.Template{
	"birthday": template.Must(template.New("b").Parse("<p>Happy birthday, {{.To}}!</p>")),
	"thanks":   template.Must(template.New("t").Parse("<p>Thank you, {{.To}}!</p>")),
}

func Render(w http.ResponseWriter, r *http.Request) {
	tpl, ok := layouts[r.FormValue("layout")]
	if !ok {
		http.Error(w, "bad layout", http.StatusBadRequest)
		return
	}
	tpl.Execute(w, map[string]string{"To": r.FormValue("to")})
}
