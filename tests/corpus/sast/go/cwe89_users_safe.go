package api

import (
	"database/sql"
	"fmt"
	"net/http"
)

type Server struct{ db *sql.DB }

func (s *Server) UserByName(w http.ResponseWriter, r *http.Request) {
	name := r.URL.Query().Get("name")
	row := s.db.QueryRow("SELECT id, email FROM users WHERE name = $1", name)
	var id int
	var email string
	_ = row.Scan(&id, &email)
	fmt.Fprintf(w, "%d %s", id, email)
}
