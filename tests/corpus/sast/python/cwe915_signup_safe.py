from django.http import JsonResponse

from .models import Account


def signup(request):
    account = Account.objects.create(email=request.POST["email"], name=request.POST["name"])
    return JsonResponse({"id": account.pk})
