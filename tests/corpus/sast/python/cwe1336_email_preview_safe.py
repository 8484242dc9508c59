from flask import Flask, render_template_string, request

app = Flask(__name__)
LAYOUT = "<h1>Hello {{ customer }}</h1><div>{{ body }}</div>"


@app.post("/emails/preview")
def preview():
    return render_template_string(LAYOUT, customer="Ada", body=request.form["template"])
