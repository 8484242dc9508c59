package store

import (
	"database/sql"
	"fmt"
	"os"

	_ "github.com/lib/pq"
)

func Open() (*sql.DB, error) {
	dbPassword := os.Getenv("DB_PASSWORD")
	dsn := fmt.Sprintf("host=db user=app password=%s dbname=app sslmode=require", dbPassword)
	return sql.Open("postgres", dsn)
}
