import urllib.request

import requests
from flask import Flask, request

app = Flask(__name__)


@app.route("/preview")
def preview():
    url = request.args.get("url")
    # ruleid: python.web.ssrf-taint
    page = requests.get(url, timeout=5)
    # ruleid: python.web.ssrf-taint
    raw = urllib.request.urlopen(request.form["feed"]).read()
    return page.text + raw.decode()


@app.route("/weather")
def weather():
    city = request.args.get("city")
    # ok: python.web.ssrf-taint
    reply = requests.get("https://api.weather.example/v1/forecast", params={"q": city}, timeout=5)
    # ok: python.web.ssrf-taint
    other = requests.get("https://api.weather.example/v1/city/" + city, timeout=5)
    return reply.text + other.text
