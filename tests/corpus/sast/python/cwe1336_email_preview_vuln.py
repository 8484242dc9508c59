from flask import Flask, render_template_string, request

app = Flask(__name__)


@app.post("/emails/preview")
def preview():
    body = request.form["template"]
    return render_template_string(body, customer="Ada")
