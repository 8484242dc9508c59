from flask import Flask, request, send_from_directory
from werkzeug.utils import secure_filename

app = Flask(__name__)
REPORTS = "/srv/reports"


@app.get("/download")
def download():
    name = secure_filename(request.args["file"])
    return send_from_directory(REPORTS, name)
