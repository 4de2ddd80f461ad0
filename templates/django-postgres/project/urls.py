from django.contrib import admin
from django.db import connection
from django.http import JsonResponse
from django.urls import path


def healthz(request):
    return JsonResponse({"ok": True})


def index(request):
    with connection.cursor() as cur:
        cur.execute("SELECT COUNT(*) FROM django_migrations")
        (migrations,) = cur.fetchone()
    return JsonResponse({"migrations": migrations})


urlpatterns = [
    path("admin/", admin.site.urls),
    path("healthz/", healthz),
    path("", index),
]
