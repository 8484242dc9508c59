import os
import tempfile

import jinja2
from fastapi import FastAPI
from fastapi.middleware.cors import CORSMiddleware
from flask import Flask
from flask_cors import CORS

app = Flask(__name__)
# ruleid: python.web.cors-any-origin-with-credentials
CORS(app, supports_credentials=True)
# ok: python.web.cors-any-origin-with-credentials
CORS(app, origins=["https://app.example.com"], supports_credentials=True)

api = FastAPI()
# ruleid: python.web.cors-any-origin-with-credentials
api.add_middleware(CORSMiddleware, allow_origins=["*"], allow_credentials=True, allow_methods=["*"])
# ok: python.web.cors-any-origin-with-credentials
api.add_middleware(CORSMiddleware, allow_origins=["https://app.example.com"], allow_credentials=True)

# ruleid: python.jinja2.autoescape-disabled
env = jinja2.Environment(loader=jinja2.FileSystemLoader("templates"), autoescape=False)
# ok: python.jinja2.autoescape-disabled
safe_env = jinja2.Environment(loader=jinja2.FileSystemLoader("templates"), autoescape=jinja2.select_autoescape())

# ruleid: python.flask.hardcoded-secret-key
app.config["SECRET_KEY"] = "dev-key-1234567"
# ok: python.flask.hardcoded-secret-key
app.config["SECRET_KEY"] = os.environ["SECRET_KEY"]


def write_report(body):
    # ruleid: python.lang.hardcoded-tmp-path
    with open("/tmp/report.csv", "w") as fh:
        fh.write(body)
    # ok: python.lang.hardcoded-tmp-path
    with tempfile.NamedTemporaryFile("w", suffix=".csv", delete=False) as fh:
        fh.write(body)
