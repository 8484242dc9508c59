from django.http import HttpResponse
from django.utils.html import escape, format_html
from django.utils.safestring import mark_safe
from flask import Flask, request
from markupsafe import Markup
from markupsafe import escape as mescape

app = Flask(__name__)


@app.route("/greet")
def greet():
    name = request.args.get("name")
    # ruleid: python.flask.markup-xss-taint
    banner = Markup("<b>Hello " + name + "</b>")
    # ok: python.flask.markup-xss-taint
    safe_banner = Markup("<b>Hello %s</b>") % mescape(name)
    return str(banner) + str(safe_banner)


def profile(request):
    bio = request.GET.get("bio", "")
    # ruleid: python.django.mark-safe-xss-taint
    html = mark_safe("<p>" + bio + "</p>")
    # ok: python.django.mark-safe-xss-taint
    html2 = format_html("<p>{}</p>", bio)
    # ruleid: python.django.mark-safe-xss-taint
    return HttpResponse("<div>" + bio + "</div>" + html + html2)


def profile_escaped(request):
    bio = request.GET.get("bio", "")
    # ok: python.django.mark-safe-xss-taint
    return HttpResponse("<div>" + escape(bio) + "</div>")
