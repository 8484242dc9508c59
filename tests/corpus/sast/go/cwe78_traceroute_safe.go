package tools

import (
	"net"
	"net/http"
	"os/exec"
)

func Traceroute(w http.ResponseWriter, r *http.Request) {
	ip := net.ParseIP(r.FormValue("host"))
	if ip == nil {
		http.Error(w, "bad host", http.StatusBadRequest)
		return
	}
	out, err := exec.Command("traceroute", ip.String()).CombinedOutput()
	if err != nil {
		http.Error(w, "failed", http.StatusInternalServerError)
		return
	}
	w.Header().Set("Content-Type", "text/plain")
	w.Write(out)
}
