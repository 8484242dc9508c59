package cards

import (
	"html/template"
	"net/http"
)

func Render(w http.ResponseWriter, r *http.Request) {
	tpl, err := template.New("card").Parse(r.FormValue("layout"))
	if err != nil {
		http.Error(w, "bad layout", http.StatusBadRequest)
		return
	}
	tpl.Execute(w, map[string]string{"To": r.FormValue("to")})
}
