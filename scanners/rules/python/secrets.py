import os

import psycopg

# ruleid: python.lang.hardcoded-credential
SECRET_KEY = "9f8e7d6c5b4a39281706f5e4d3c2b1a0"
# ok: python.lang.hardcoded-credential
SECRET_KEY_FROM_ENV = os.environ["SECRET_KEY"]
# ok: python.lang.hardcoded-credential
DB_PASSWORD = "changeme"
# ok: python.lang.hardcoded-credential
PASSWORD_FIELD = "password"
# ruleid: python.lang.hardcoded-credential
dbPassword = "pr0d-Db-Pa55word"
# ok: python.lang.hardcoded-credential
passwordHint = "at least twelve characters"


def connect():
    # ruleid: python.lang.hardcoded-credential
    return psycopg.connect(host="db", user="app", password="Sup3r-s3cret!")


def connect_safely():
    # ok: python.lang.hardcoded-credential
    return psycopg.connect(host="db", user="app", password=os.environ["DB_PASSWORD"])


SETTINGS = {
    # ruleid: python.lang.hardcoded-credential
    "api_key": "sk_live_51HxYzAbCdEfGh",
    # ok: python.lang.hardcoded-credential
    "api_url": "https://api.example.com",
    # ruleid: python.lang.hardcoded-credential
    "paymentSecret": "pk9Vq2LmX8rT4wZs7HbN3cJd",
}
