import re
import time

from django.http import JsonResponse
from django.shortcuts import render
from django.utils.translation import gettext as _


class ServerTimingMiddleware:
    """Adds `Server-Timing: app;dur=<ms>`: the time Django spent on the request.

    Outermost in the chain, so it covers every middleware, the view and the rendering;
    browsers show it in their network panel and `manage.py bench` reads it.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        started = time.perf_counter()
        response = self.get_response(request)
        response["Server-Timing"] = f"app;dur={(time.perf_counter() - started) * 1000:.2f}"
        return response


_JSON_NUL = re.compile(rb"(?<!\\)(?:\\\\)*\\u0000")


def _has_nul(mapping) -> bool:
    return any("\x00" in key or any("\x00" in value for value in values) for key, values in mapping.lists())


def _carries_nul(request) -> bool:
    """A NUL anywhere a view could pass it on: path, query, or a body that is not a file upload.

    PostgreSQL refuses NUL in text, so such a value would end as a server error deep in a
    query; no field of Frontline has a use for it.
    """
    if "\x00" in request.path_info or _has_nul(request.GET):
        return True
    if request.method in ("GET", "HEAD", "OPTIONS") or request.content_type == "multipart/form-data":
        return False
    body = request.body
    if b"\x00" in body:
        return True
    if request.content_type == "application/x-www-form-urlencoded":
        return _has_nul(request.POST)  # %00, decoded
    return "json" in request.content_type and bool(_JSON_NUL.search(body))


class RejectNulMiddleware:
    """Answer 400 to requests that carry a NUL character (JSON for the API, a page otherwise)."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if _carries_nul(request):
            message = _("The request contains a character that is not allowed (NUL).")
            if request.path_info.startswith("/api/"):
                return JsonResponse({"detail": message}, status=400)
            return render(request, "400.html", {"message": message}, status=400)
        return self.get_response(request)


class ApiJsonErrorsMiddleware:
    """Unknown /api/ paths, wrong methods and requests Django refuses before any view (a body
    over DATA_UPLOAD_MAX_MEMORY_SIZE) answer JSON in the user's language, like every other API
    error: Django's own answers are HTML pages, django-ninja's 405 plain text."""

    MESSAGES = {
        400: lambda: _("The request could not be understood. Check what was typed and try again."),
        404: lambda: _("Not found."),
        405: lambda: _("This method is not allowed here."),
    }

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        if (
            request.path_info.startswith("/api/")
            and response.status_code in self.MESSAGES
            and not response.get("Content-Type", "").startswith("application/json")
        ):
            replaced = JsonResponse({"detail": self.MESSAGES[response.status_code]()}, status=response.status_code)
            if response.has_header("Allow"):
                replaced["Allow"] = response["Allow"]
            return replaced
        return response
