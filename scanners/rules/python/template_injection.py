import jinja2
from flask import Flask, render_template, render_template_string, request

app = Flask(__name__)


@app.route("/hello")
def hello():
    name = request.args.get("name", "world")
    # ruleid: python.web.ssti-taint
    return render_template_string("<h1>Hello " + name + "</h1>")


@app.route("/hello-safe")
def hello_safe():
    name = request.args.get("name", "world")
    # ok: python.web.ssti-taint
    return render_template_string("<h1>Hello {{ name }}</h1>", name=name)


@app.route("/page")
def page():
    body = request.form["body"]
    env = jinja2.Environment(autoescape=True)
    # ruleid: python.web.ssti-taint
    tpl = env.from_string(body)
    # ok: python.web.ssti-taint
    return render_template("page.html", body=body) + tpl.render()
