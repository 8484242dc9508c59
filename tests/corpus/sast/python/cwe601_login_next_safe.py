from urllib.parse import urlparse

from flask import Flask, redirect, request, url_for
from flask_login import login_user

app = Flask(__name__)


@app.post("/login")
def login():
    user = authenticate(request.form["email"], request.form["password"])
    login_user(user)
    target = request.args.get("next", "")
    if not target or urlparse(target).netloc or not target.startswith("/"):
        target = url_for("dashboard")
    return redirect(url_for("dashboard") if target.startswith("//") else target)
