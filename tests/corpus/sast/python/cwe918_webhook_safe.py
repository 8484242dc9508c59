import urllib.request

from django.conf import settings
from django.http import JsonResponse


def test_webhook(request):
    with urllib.request.urlopen(settings.HEALTHCHECK_URL, timeout=3) as response:
        return JsonResponse({"code": response.status, "asked": request.POST.get("callback_url")})
