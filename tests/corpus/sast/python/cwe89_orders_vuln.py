import sqlite3

from flask import Flask, jsonify, request

app = Flask(__name__)


@app.get("/orders")
def list_orders():
    customer = request.args.get("customer", "")
    conn = sqlite3.connect("shop.db")
    rows = conn.execute(f"SELECT id, total FROM orders WHERE customer = '{customer}'").fetchall()
    return jsonify(rows)
