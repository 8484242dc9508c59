from flask import Flask, render_template, request

app = Flask(__name__)


@app.route("/welcome")
def welcome():
    user = request.args.get("user", "guest")
    return render_template("welcome.html", user=user)
