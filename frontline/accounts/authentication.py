"""How the API knows who calls: a bearer token (scripts, phones) or the browser's session."""

import contextlib

from django.http import HttpRequest
from ninja.errors import HttpError
from ninja.security import APIKeyCookie, HttpBearer
from ninja.utils import check_csrf

from frontline.core.views import csrf_failure_message

from .models import ApiToken
from .twofactor import two_factor_satisfied


class BearerToken(HttpBearer):
    def authenticate(self, request: HttpRequest, token: str):
        found = ApiToken.find(token)
        if found is None:
            return None
        request.user = found.user
        request.api_token = found  # what DELETE /auth/token revokes
        _audit_as(found.user)
        return found.user


def _audit_as(user) -> None:
    """Name the token's user as the actor of this request's audit entries.

    The audit middleware captured the actor before the API authenticated the token;
    its context is a dict in a context variable, updated here in place.
    """
    from auditlog.context import auditlog_value

    with contextlib.suppress(LookupError):
        auditlog_value.get()["actor"] = user


class Session(APIKeyCookie):
    """The browser's own session (CSRF-checked for writes)."""

    param_name = "sessionid"

    def _get_key(self, request: HttpRequest):
        """As django-ninja's, with its English-only CSRF refusal in the user's language."""
        if not getattr(request, "_ninja_csrf_exempt", False) and check_csrf(request):
            raise HttpError(403, csrf_failure_message())
        return request.COOKIES.get(self.param_name)

    def authenticate(self, request: HttpRequest, key):
        user = request.user
        if user.is_authenticated and two_factor_satisfied(request, user):
            return user
        return None
