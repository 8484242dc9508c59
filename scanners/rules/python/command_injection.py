import os
import shlex
import subprocess

from flask import Flask, request

app = Flask(__name__)


@app.route("/ping")
def ping():
    host = request.args.get("host")
    # ruleid: python.web.command-injection-taint
    os.system("ping -c 1 " + host)
    # ruleid: python.web.command-injection-taint, python.lang.subprocess-shell-true
    subprocess.run(f"nslookup {host}", shell=True)
    # ok: python.web.command-injection-taint
    subprocess.run(["ping", "-c", "1", host])
    # ok: python.web.command-injection-taint
    os.system("ping -c 1 " + shlex.quote(host))
    return "done"


def convert(request):
    fmt = request.POST["format"]
    # ruleid: python.web.command-injection-taint
    subprocess.check_output(["sh", "-c", "convert in.png out." + fmt])
    # ok: python.web.command-injection-taint
    subprocess.check_output(["convert", "in.png", "out.png"])


def build(target):
    # ruleid: python.lang.subprocess-shell-true
    subprocess.call("make " + target, shell=True)
    # ok: python.lang.subprocess-shell-true
    subprocess.call("make clean", shell=True)
    # ok: python.lang.subprocess-shell-true
    subprocess.call(["make", target])
