from flask import Flask, jsonify, redirect, request, url_for
from markupsafe import escape

app = Flask(__name__)


@app.route("/hello")
def hello():
    name = request.args.get("name", "")
    # ruleid: python.flask.response-xss-taint
    return f"<h1>Hello {name}</h1>"


@app.get("/hello-safe")
def hello_safe():
    name = request.args.get("name", "")
    # ok: python.flask.response-xss-taint
    return f"<h1>Hello {escape(name)}</h1>"


@app.get("/hello-json")
def hello_json():
    name = request.args.get("name", "")
    # ok: python.flask.response-xss-taint
    return {"greeting": "Hello " + name}


@app.get("/hello-jsonify")
def hello_jsonify():
    # ok: python.flask.response-xss-taint
    return jsonify(greeting=request.args.get("name"))


@app.get("/go")
def go():
    # ok: python.flask.response-xss-taint
    return redirect(url_for("page", name=request.args.get("name")))
