import ldap
from flask import Flask, request

app = Flask(__name__)
conn = ldap.initialize("ldaps://ldap.corp.local")


@app.get("/directory")
def directory():
    name = request.args["name"]
    results = conn.search_s("ou=staff,dc=corp,dc=local", ldap.SCOPE_SUBTREE, "(cn=" + name + ")")
    return {"count": len(results)}
