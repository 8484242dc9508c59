import ipaddress
import subprocess

from flask import Flask, request

app = Flask(__name__)


@app.post("/diagnostics/ping")
def ping():
    host = str(ipaddress.ip_address(request.form["host"]))
    status = subprocess.run(["ping", "-c", "1", host], capture_output=True, check=False).returncode
    return {"reachable": status == 0}
