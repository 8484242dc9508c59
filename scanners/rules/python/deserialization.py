import base64
import json
import pickle

import yaml
from flask import Flask, request

app = Flask(__name__)


@app.route("/session", methods=["POST"])
def restore_session():
    blob = base64.b64decode(request.cookies.get("state"))
    # ruleid: python.web.pickle-untrusted-taint, python.lang.pickle-load
    state = pickle.loads(blob)
    # ok: python.web.pickle-untrusted-taint
    prefs = json.loads(request.get_data())
    return str((state, prefs))


def load_cache(path):
    with open(path, "rb") as cache:
        # ruleid: python.lang.pickle-load
        return pickle.load(cache)


def load_settings(path):
    with open(path) as settings:
        # ok: python.lang.pickle-load
        return json.load(settings)


def read_config(text):
    # ruleid: python.pyyaml.unsafe-load
    first = yaml.load(text)
    # ruleid: python.pyyaml.unsafe-load
    second = yaml.load(text, Loader=yaml.Loader)
    # ok: python.pyyaml.unsafe-load
    third = yaml.load(text, Loader=yaml.SafeLoader)
    # ok: python.pyyaml.unsafe-load
    fourth = yaml.safe_load(text)
    return first, second, third, fourth
