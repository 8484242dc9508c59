import psycopg2

DB_HOST = "db.prod.internal"
DB_PASSWORD = "Tr0ub4dor&3-prod"


def connect():
    return psycopg2.connect(host=DB_HOST, user="app", password=DB_PASSWORD, dbname="app")
