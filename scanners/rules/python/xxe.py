import defusedxml.ElementTree as SafeET
from flask import Flask, request
from lxml import etree

app = Flask(__name__)

# ruleid: python.lxml.xxe-parser-entities
UNSAFE_PARSER = etree.XMLParser(resolve_entities=True)
# ok: python.lxml.xxe-parser-entities
HARDENED_PARSER = etree.XMLParser(resolve_entities=False, no_network=True)


@app.route("/import", methods=["POST"])
def import_xml():
    body = request.get_data()
    # ruleid: python.web.xxe-untrusted-xml-taint
    doc = etree.fromstring(body)
    # ok: python.web.xxe-untrusted-xml-taint
    hardened = etree.fromstring(body, parser=HARDENED_PARSER)
    # ok: python.web.xxe-untrusted-xml-taint
    safe = SafeET.fromstring(body)
    return str((doc, hardened, safe))
