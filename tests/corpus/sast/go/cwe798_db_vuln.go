package store

import (
	"database/sql"
	"fmt"

	_ "github.com/lib/pq"
)

const dbPassword = "pr0d-Db-Pa55word"

func Open() (*sql.DB, error) {
	dsn := fmt.Sprintf("host=db user=app password=%s dbname=app sslmode=require", dbPassword)
	return sql.Open("postgres", dsn)
}
