import urllib.request

from django.http import JsonResponse


def test_webhook(request):
    callback = request.POST["callback_url"]
    with urllib.request.urlopen(callback, timeout=3) as response:
        return JsonResponse({"code": response.status})
