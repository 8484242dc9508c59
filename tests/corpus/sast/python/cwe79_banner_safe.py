from flask import Flask, render_template, request
from markupsafe import Markup, escape

app = Flask(__name__)


@app.get("/search")
def search():
    term = request.args.get("q", "")
    banner = Markup("<p>Results for <b>{}</b></p>").format(escape(term))
    return render_template("search.html", banner=banner)
