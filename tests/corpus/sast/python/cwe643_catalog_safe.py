from flask import Flask, request
from lxml import etree

app = Flask(__name__)
CATALOG = etree.parse("catalog.xml")


@app.get("/price")
def price():
    found = CATALOG.xpath("//product[@sku=$sku]/price/text()", sku=request.args["sku"])
    return {"price": found[0] if found else None}
