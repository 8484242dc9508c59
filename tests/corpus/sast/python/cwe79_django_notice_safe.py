from django.shortcuts import render
from django.utils.html import format_html


def notice(request):
    message = request.GET.get("msg", "")
    return render(request, "notice.html", {"message": format_html("<em>{}</em>", message)})
