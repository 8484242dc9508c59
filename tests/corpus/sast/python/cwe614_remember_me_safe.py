from flask import Flask, make_response, request

app = Flask(__name__)


@app.post("/login")
def login():
    token = issue_session(request.form["email"], request.form["password"])
    response = make_response({"ok": True})
    response.set_cookie("session_id", token, max_age=30 * 24 * 3600, secure=True, httponly=True, samesite="Lax")
    return response
