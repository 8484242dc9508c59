from flask import Flask, redirect, request, session

app = Flask(__name__)


@app.post("/tenant")
def switch_tenant():
    session["tenant_id"] = request.form["tenant_id"]
    return redirect("/")
