import os

from django.http import HttpResponse
from django.views.decorators.csrf import csrf_exempt
from flask import Flask, make_response

app = Flask(__name__)

# ruleid: python.django.debug-enabled
DEBUG = True
# ruleid: python.django.insecure-cookie-settings
SESSION_COOKIE_SECURE = False
# ok: python.django.insecure-cookie-settings
CSRF_COOKIE_SECURE = True


def configure(settings):
    # ok: python.django.debug-enabled
    DEBUG = os.environ.get("DJANGO_DEBUG") == "1"
    return DEBUG


@app.route("/login")
def login():
    resp = make_response("ok")
    # ruleid: python.web.insecure-cookie
    resp.set_cookie("session", "abc")
    # ok: python.web.insecure-cookie
    resp.set_cookie("session", "abc", secure=True, httponly=True, samesite="Lax")
    return resp


# ruleid: python.django.csrf-exempt
@csrf_exempt
def webhook(request):
    return HttpResponse("ok")


# ok: python.django.csrf-exempt
def normal_view(request):
    return HttpResponse("ok")


if __name__ == "__main__":
    # ruleid: python.flask.debug-enabled
    app.run(host="0.0.0.0", debug=True)
    # ok: python.flask.debug-enabled
    app.run(debug=os.environ.get("FLASK_DEBUG") == "1")
