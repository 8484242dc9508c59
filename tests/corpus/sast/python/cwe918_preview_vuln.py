import requests
from flask import Flask, request

app = Flask(__name__)


@app.post("/link-preview")
def link_preview():
    url = request.json["url"]
    page = requests.get(url, timeout=5)
    return {"status": page.status_code, "length": len(page.content)}
