import os

from flask import Flask, request

app = Flask(__name__)


@app.post("/diagnostics/ping")
def ping():
    host = request.form["host"]
    status = os.system("ping -c 1 " + host)
    return {"reachable": status == 0}
