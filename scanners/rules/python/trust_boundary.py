from flask import Flask, request, session

app = Flask(__name__)


@app.post("/prefs")
def prefs():
    # ruleid: python.web.trust-boundary-taint
    session["role"] = request.form["role"]
    # ok: python.web.trust-boundary-taint
    session["page"] = int(request.form["page"])
    # ok: python.web.trust-boundary-taint
    session["user_id"] = current_user.id
    return "", 204


def django_view(request):
    # ruleid: python.web.trust-boundary-taint
    request.session["discount"] = request.GET.get("discount")
    return None
