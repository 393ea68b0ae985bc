from django.contrib.auth.decorators import login_required
from django.db import DatabaseError, connection
from django.http import JsonResponse
from django.shortcuts import render
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET

from .selectors import home_counts


@never_cache
@require_GET
def healthz(request):
    """200 when the database answers; 503 (not a 500 page) when it does not, for load balancers."""
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
            cursor.fetchone()
    except DatabaseError:
        return JsonResponse({"status": "error"}, status=503)
    return JsonResponse({"status": "ok"})


@login_required
def home(request):
    return render(request, "core/home.html", {"counts": home_counts(request.user)})


def csrf_failure(request, reason=""):
    """settings.CSRF_FAILURE_VIEW: a page in the user's language (JSON under /api/), not Django's English one."""
    if request.path_info.startswith("/api/"):
        return JsonResponse({"detail": csrf_failure_message()}, status=403)
    return render(request, "403_csrf.html", status=403)


def csrf_failure_message() -> str:
    return _("The security check of this request failed (CSRF): reload the page and try again.")


@require_GET
def service_worker(request):
    """The service worker, served from the site's root so that it may keep the attendance
    pages for offline use (a worker controls only the paths below its own address)."""
    from django.contrib.staticfiles import finders
    from django.http import HttpResponse

    path = finders.find("js/sw.js")
    with open(path, encoding="utf-8") as handle:
        response = HttpResponse(handle.read(), content_type="application/javascript; charset=utf-8")
    response["Cache-Control"] = "no-cache"
    response["Service-Worker-Allowed"] = "/"
    return response
