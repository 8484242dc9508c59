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


PARTNERS = {"acme": "https://api.acme.test/status", "globex": "https://status.globex.test/"}
MIRRORS = {"eu": "https://eu.mirror.test/", "custom": CUSTOM_MIRROR_URL}


@app.post("/link-preview")
def link_preview():
    # ok: python.web.ssrf-taint
    page = requests.get(PARTNERS.get(request.json["partner"]), timeout=5)
    target = PARTNERS[request.args["partner"]]
    # ok: python.web.ssrf-taint
    again = requests.get(target, timeout=5)
    # ruleid: python.web.ssrf-taint
    fallback = requests.get(PARTNERS.get(request.args["partner"], request.args["url"]), timeout=5)
    # ruleid: python.web.ssrf-taint
    mirror = requests.get(MIRRORS[request.args["mirror"]], timeout=5)
    return page.text + again.text + fallback.text + mirror.text
