from django.http import HttpResponse


def avatar(request):
    filename = request.GET.get("name", "default.png")
    with open("/var/app/avatars/" + filename, "rb") as fh:
        return HttpResponse(fh.read(), content_type="image/png")
