import json

from bson import ObjectId
from flask import Flask, request
from pymongo import MongoClient

app = Flask(__name__)
users = MongoClient().app.users


@app.post("/login")
def login():
    body = request.get_json()
    # ruleid: python.pymongo.nosql-injection-taint
    user = users.find_one({"name": body["name"], "password_hash": body["password_hash"]})
    # ok: python.pymongo.nosql-injection-taint
    same = users.find_one({"name": str(body["name"])})
    # ok: python.pymongo.nosql-injection-taint
    by_id = users.find_one({"_id": ObjectId(body["id"])})
    return {"ok": bool(user or same or by_id)}


@app.get("/search")
def search():
    age = request.args.get("age")
    # ruleid: python.pymongo.where-injection-taint
    rows = users.find({"$where": "this.age > " + age})
    # ok: python.pymongo.where-injection-taint
    safe = users.find({"$where": "this.age > %d" % int(age)})
    # ok: python.pymongo.nosql-injection-taint
    named = users.find({"name": request.args.get("name")})
    return {"n": len(list(rows)) + len(list(safe)) + len(list(named))}
