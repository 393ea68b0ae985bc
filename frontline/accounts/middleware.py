from django.shortcuts import redirect
from django.urls import reverse
from django.utils.http import urlencode

from .twofactor import needs_enrolment, two_factor_satisfied

_OPEN_PREFIXES = ("/static/", "/healthz", "/sw.js", "/api/", "/verify/")
_OPEN_NAMES = ("accounts:login", "accounts:logout", "accounts:otp_verify", "accounts:otp_setup")


class TwoFactorRequiredMiddleware:
    """Send signed-in users whose role requires TOTP to enrol or verify before any page."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        user = request.user
        if (
            user.is_authenticated
            and not request.path.startswith(_OPEN_PREFIXES)
            and not two_factor_satisfied(request, user)
            and request.path not in {reverse(name) for name in _OPEN_NAMES}
        ):
            if needs_enrolment(user):
                return redirect("accounts:otp_setup")
            # Back to the page asked for once the code is confirmed (checked there: same host only).
            return redirect(f"{reverse('accounts:otp_verify')}?{urlencode({'next': request.get_full_path()})}")
        return self.get_response(request)
