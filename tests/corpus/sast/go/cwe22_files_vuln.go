package files

import (
	"net/http"
	"os"
	"path/filepath"
)

func Download(w http.ResponseWriter, r *http.Request) {
	name := r.URL.Query().Get("file")
	data, err := os.ReadFile(filepath.Join("/srv/exports", name))
	if err != nil {
		http.NotFound(w, r)
		return
	}
	w.Write(data)
}
