"""The audit context of a request: who is signed in, and the address the request came from.

Replaces django-auditlog's middleware, which took the first X-Forwarded-For entry - a value
any client can write - unvalidated, so the log's "from where" could be forged, and a
malformed header made every audited write fail on PostgreSQL (inet column).
"""

import ipaddress
import uuid

from auditlog.cid import correlation_id
from django.conf import settings

from .context import audit_context


def _address(text: str | None):
    try:
        return ipaddress.ip_address((text or "").strip())
    except ValueError:
        return None


def trusted_proxies() -> list:
    """settings.FRONTLINE_TRUSTED_PROXIES: addresses or networks of the reverse proxies in front."""
    return [ipaddress.ip_network(entry, strict=False) for entry in getattr(settings, "FRONTLINE_TRUSTED_PROXIES", [])]


def client_address(request, proxies: list) -> str | None:
    """REMOTE_ADDR; behind trusted proxies, the right-most X-Forwarded-For entry they did not add.

    Entries to the left of that one were written by the client and prove nothing.
    """
    address = _address(request.META.get("REMOTE_ADDR"))
    if address is None:
        return None
    forwarded = [part for part in request.META.get("HTTP_X_FORWARDED_FOR", "").split(",") if part.strip()]
    while forwarded and any(address in network for network in proxies):
        hop = _address(forwarded.pop())
        if hop is None:
            break  # a malformed entry: keep the last address known to be real
        address = hop
    return str(address)


class AuditContextMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response
        self.proxies = trusted_proxies()

    def __call__(self, request):
        user = getattr(request, "user", None)
        # A correlation id made here groups one request's entries; a client-sent one is not trusted.
        token = correlation_id.set(uuid.uuid4().hex)
        try:
            with audit_context(actor=user, remote_addr=client_address(request, self.proxies)):
                return self.get_response(request)
        finally:
            correlation_id.reset(token)
