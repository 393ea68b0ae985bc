"""What a locked-out sign-in gets: JSON for the API, the locked page for the browser (HTTP 429)."""

from django.http import JsonResponse
from django.shortcuts import render
from django.utils.translation import gettext as _


def lockout_response(request, original_response=None, credentials=None):
    message = _("Too many failed sign-ins: this account is locked for a while.")
    if request.path.startswith("/api/"):
        return JsonResponse({"detail": message}, status=429)
    return render(request, "accounts/locked.html", {"message": message}, status=429)
