from flask import Flask, abort, request
from pymongo import MongoClient

app = Flask(__name__)
accounts = MongoClient("mongodb://mongo:27017").bank.accounts


@app.post("/api/login")
def api_login():
    credentials = request.get_json()
    account = accounts.find_one({"username": str(credentials["username"]), "pin": str(credentials["pin"])})
    if account is None:
        abort(401)
    return {"account": str(account["_id"])}
