from flask import Flask, request
from lxml import etree

app = Flask(__name__)


@app.post("/invoices")
def import_invoice():
    parser = etree.XMLParser(resolve_entities=True)
    doc = etree.fromstring(request.data, parser)
    return {"total": doc.findtext("total")}
