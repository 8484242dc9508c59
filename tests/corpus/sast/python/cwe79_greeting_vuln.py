from flask import Flask, request

app = Flask(__name__)


@app.route("/welcome")
def welcome():
    user = request.args.get("user", "guest")
    return "<html><body><h2>Welcome back, " + user + "!</h2></body></html>"
