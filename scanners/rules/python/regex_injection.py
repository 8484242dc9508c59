import re

from flask import Flask, request

app = Flask(__name__)


@app.get("/grep")
def grep():
    term = request.args.get("q", "")
    # ruleid: python.web.regex-injection-taint
    matcher = re.compile(term)
    # ok: python.web.regex-injection-taint
    safe = re.compile(re.escape(term))
    # ok: python.web.regex-injection-taint
    words = re.findall(r"\w+", term)
    return {"a": bool(matcher.search("x")), "b": bool(safe.search("x")), "w": words}
