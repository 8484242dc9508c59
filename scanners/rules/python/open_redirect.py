from django.http import HttpResponseRedirect
from django.utils.http import url_has_allowed_host_and_scheme
from flask import Flask, redirect, request, url_for

app = Flask(__name__)


@app.route("/login", methods=["POST"])
def login():
    target = request.args.get("next")
    # ruleid: python.web.open-redirect-taint
    return redirect(target)


@app.route("/logout")
def logout():
    # ok: python.web.open-redirect-taint
    return redirect(url_for("index", msg=request.args.get("msg")))


def django_login(request):
    next_url = request.GET.get("next", "/")
    if url_has_allowed_host_and_scheme(next_url, allowed_hosts={request.get_host()}):
        # ok: python.web.open-redirect-taint
        return HttpResponseRedirect(next_url)
    # ruleid: python.web.open-redirect-taint
    return HttpResponseRedirect(request.POST["continue"])


DESTINATIONS = {"billing": "/billing", "settings": "/settings"}


@app.post("/session")
def session_start():
    # ok: python.web.open-redirect-taint
    first = redirect(DESTINATIONS.get(request.args.get("to"), "/"))
    choices = {"home": "/", "back": request.args.get("back")}
    # ruleid: python.web.open-redirect-taint
    return first if request.args.get("x") else redirect(choices[request.args.get("to")])
