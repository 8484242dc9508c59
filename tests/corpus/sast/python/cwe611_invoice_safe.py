import defusedxml.ElementTree as ET
from flask import Flask, request

app = Flask(__name__)


@app.post("/invoices")
def import_invoice():
    doc = ET.fromstring(request.data)
    return {"total": doc.findtext("total")}
