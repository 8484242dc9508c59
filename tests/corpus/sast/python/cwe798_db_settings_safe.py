import os

import psycopg2

DB_HOST = "db.prod.internal"
DB_PASSWORD = os.environ["DB_PASSWORD"]


def connect():
    return psycopg2.connect(host=DB_HOST, user="app", password=DB_PASSWORD, dbname="app")
