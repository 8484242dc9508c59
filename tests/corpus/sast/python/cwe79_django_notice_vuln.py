from django.shortcuts import render
from django.utils.safestring import mark_safe


def notice(request):
    message = request.GET.get("msg", "")
    return render(request, "notice.html", {"message": mark_safe("<em>" + message + "</em>")})
