from flask import Flask, render_template, request
from markupsafe import Markup

app = Flask(__name__)


@app.get("/search")
def search():
    term = request.args.get("q", "")
    banner = Markup(f"<p>Results for <b>{term}</b></p>")
    return render_template("search.html", banner=banner)
