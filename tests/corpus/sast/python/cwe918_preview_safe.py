import requests
from flask import Flask, abort, request

app = Flask(__name__)
PARTNERS = {"acme": "https://api.acme.test/status", "globex": "https://status.globex.test/"}


@app.post("/link-preview")
def link_preview():
    target = PARTNERS.get(request.json["partner"])
    if target is None:
        abort(400)
    page = requests.get(target, timeout=5)
    return {"status": page.status_code, "length": len(page.content)}
