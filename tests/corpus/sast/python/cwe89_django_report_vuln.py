from django.db import connection
from django.http import JsonResponse


def sales_report(request):
    region = request.GET.get("region", "EU")
    with connection.cursor() as cursor:
        cursor.execute("SELECT SUM(amount) FROM sales WHERE region = '%s'" % region)
        total = cursor.fetchone()[0]
    return JsonResponse({"total": total})
