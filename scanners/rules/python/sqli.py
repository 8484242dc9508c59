import sqlite3

import pandas
from django.db import connection
from django.http import HttpResponse
from fastapi import FastAPI
from flask import Flask, request
from sqlalchemy import text

app = Flask(__name__)
api = FastAPI()
conn = sqlite3.connect("app.db")


@app.route("/users")
def search_users():
    name = request.args.get("name")
    cur = conn.cursor()
    # ruleid: python.flask.sqli-taint, python.lang.sqli-string-built
    cur.execute("SELECT * FROM users WHERE name = '%s'" % name)
    # ok: python.flask.sqli-taint
    cur.execute("SELECT * FROM users WHERE name = ?", (name,))
    age = request.form["age"]
    # ok: python.flask.sqli-taint
    cur.execute("SELECT * FROM users WHERE age > " + str(int(age)))
    payload = request.get_json()
    # ruleid: python.flask.sqli-taint
    pandas.read_sql("SELECT * FROM orders WHERE id = " + payload["id"], conn)
    return "ok"


@app.route("/orm")
def orm_lookup():
    sort = request.values.get("sort", "id")
    # ruleid: python.flask.sqli-taint
    rows = db_session.execute(text(f"SELECT * FROM items ORDER BY {sort}"))
    # ok: python.flask.sqli-taint
    rows = db_session.execute(text("SELECT * FROM items WHERE owner = :owner"), {"owner": sort})
    return str(rows)


def django_report(request):
    region = request.GET.get("region")
    with connection.cursor() as cursor:
        # ruleid: python.django.sqli-taint, python.lang.sqli-string-built
        cursor.execute("SELECT * FROM sales WHERE region = '" + region + "'")
        # ok: python.django.sqli-taint
        cursor.execute("SELECT * FROM sales WHERE region = %s", [region])
    # ruleid: python.django.sqli-taint
    people = Person.objects.raw("SELECT * FROM person WHERE last = '%s'" % request.POST["last"])
    # ok: python.django.sqli-taint
    people = Person.objects.raw("SELECT * FROM person WHERE last = %s", [request.POST["last"]])
    return HttpResponse(str(people))


@api.get("/items/{item_id}")
async def read_item(item_id: str, q: str | None = None):
    # ruleid: python.fastapi.sqli-taint
    await database.execute("SELECT * FROM items WHERE id = " + item_id)
    # ok: python.fastapi.sqli-taint
    await database.execute("SELECT * FROM items WHERE id = :id", {"id": item_id})
    return {}


def maintenance(cursor, table_suffix):
    # ruleid: python.lang.sqli-string-built
    cursor.execute("DELETE FROM audit_%s" % table_suffix)
    # ok: python.lang.sqli-string-built
    cursor.execute("DELETE FROM audit WHERE day < %s", (table_suffix,))
