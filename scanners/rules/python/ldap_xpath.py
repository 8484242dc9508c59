import ldap
from flask import Flask, request
from ldap.filter import escape_filter_chars
from lxml import etree

app = Flask(__name__)
directory = ldap.initialize("ldap://ldap.internal")
catalog = etree.parse("/srv/catalog.xml")


@app.route("/lookup")
def lookup():
    uid = request.args.get("uid")
    # ruleid: python.web.ldap-injection-taint
    found = directory.search_s("ou=people,dc=example,dc=com", ldap.SCOPE_SUBTREE, "(uid=" + uid + ")")
    # ok: python.web.ldap-injection-taint
    safe = directory.search_s("ou=people,dc=example,dc=com", ldap.SCOPE_SUBTREE,
                              "(uid=%s)" % escape_filter_chars(uid))
    return str((found, safe))


@app.route("/product")
def product():
    sku = request.args.get("sku")
    # ruleid: python.web.xpath-injection-taint
    nodes = catalog.xpath("//product[@sku='" + sku + "']")
    # ok: python.web.xpath-injection-taint
    same = catalog.xpath("//product[@sku=$sku]", sku=sku)
    return str((nodes, same))
