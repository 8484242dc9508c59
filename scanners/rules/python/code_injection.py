import ast
import json

from flask import Flask, request

app = Flask(__name__)


@app.route("/calc")
def calc():
    expression = request.args.get("expr")
    # ruleid: python.web.code-injection-taint, python.lang.eval-dynamic-string
    result = eval(expression)
    # ok: python.web.code-injection-taint
    numbers = ast.literal_eval(expression)
    # ok: python.web.code-injection-taint
    config = json.loads(request.get_data())
    return str((result, numbers, config))


def plugin(request):
    module_name = request.GET["plugin"]
    # ruleid: python.web.code-injection-taint
    mod = __import__(module_name)
    return mod


def run_template(snippet):
    # ruleid: python.lang.eval-dynamic-string
    exec(snippet)
    # ok: python.lang.eval-dynamic-string
    exec("x = 1")
