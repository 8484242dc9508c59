from flask import Flask, abort, redirect, request, session
from flask_login import current_user

app = Flask(__name__)


@app.post("/tenant")
def switch_tenant():
    tenant = current_user.tenants.filter_by(id=int(request.form["tenant_id"])).first()
    if tenant is None:
        abort(403)
    session["tenant_id"] = tenant.id
    return redirect("/")
