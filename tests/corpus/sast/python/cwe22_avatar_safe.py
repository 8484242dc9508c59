import os

from django.http import HttpResponse


def avatar(request):
    filename = os.path.basename(request.GET.get("name", "default.png"))
    with open(os.path.join("/var/app/avatars", filename), "rb") as fh:
        return HttpResponse(fh.read(), content_type="image/png")
