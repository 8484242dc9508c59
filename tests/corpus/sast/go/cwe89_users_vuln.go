package api

import (
	"database/sql"
	"fmt"
	"net/http"
)

type Server struct{ db *sql.DB }

func (s *Server) UserByName(w http.ResponseWriter, r *http.Request) {
	name := r.URL.Query().Get("name")
	row := s.db.QueryRow(fmt.Sprintf("SELECT id, email FROM users WHERE name = '%s'", name))
	var id int
	var email string
	_ = row.Scan(&id, &email)
	fmt.Fprintf(w, "%d %s", id, email)
}
