from flask import Flask, request
from lxml import etree

app = Flask(__name__)
CATALOG = etree.parse("catalog.xml")


@app.get("/price")
def price():
    sku = request.args["sku"]
    found = CATALOG.xpath("//product[@sku='" + sku + "']/price/text()")
    return {"price": found[0] if found else None}
