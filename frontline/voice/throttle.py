"""Protecting the public intake: rate limits per client address, and an admission gate.

Rate limits (settings.VOICE_RATE_LIMITS, scope -> "10/minute,100/day") count requests per
client address in Django's cache (per process with the default local-memory cache, shared
when a shared cache such as Redis is configured) in fixed windows. The address is the one the
audit log records (frontline.audit.middleware.client_address): behind the reverse proxies
listed in FRONTLINE_TRUSTED_PROXIES, the right-most X-Forwarded-For entry they did not add.

The admission gate bounds how many intake requests a process works on at once
(settings.VOICE_INTAKE_CONCURRENCY); a request that cannot enter within
VOICE_INTAKE_QUEUE_WAIT seconds is refused (503 with Retry-After) before anything is written,
so an overloaded server answers quickly instead of queueing until clients give up.
"""

import math
import threading
import time
from contextlib import contextmanager

from django.conf import settings
from django.core.cache import cache

from frontline.audit.middleware import client_address, trusted_proxies

UNITS = {"second": 1, "s": 1, "minute": 60, "m": 60, "min": 60, "hour": 3600, "h": 3600, "day": 86400, "d": 86400}


def parse_limits(text: str) -> list[tuple[int, int]]:
    """'10/minute,100/day' -> [(10, 60), (100, 86400)]; an empty text means no limit."""
    limits = []
    for part in (text or "").split(","):
        part = part.strip()
        if not part:
            continue
        count, _sep, unit = part.partition("/")
        limits.append((int(count), UNITS[unit.strip().lower()]))
    return limits


def limits_for(scope: str) -> list[tuple[int, int]]:
    return parse_limits(getattr(settings, "VOICE_RATE_LIMITS", {}).get(scope, ""))


def address_of(request) -> str:
    return client_address(request, trusted_proxies()) or "unknown"


def hit(request, scope: str, *, now: float | None = None) -> int | None:
    """Count one request of `scope` from the request's address; None when within every limit,
    else the seconds until the fullest window ends (for Retry-After)."""
    limits = limits_for(scope)
    if not limits:
        return None
    address = address_of(request)
    now = time.time() if now is None else now
    retry_after = None
    for count, seconds in limits:
        window = int(now // seconds)
        key = f"voice:rate:{scope}:{seconds}:{window}:{address}"
        cache.add(key, 0, timeout=seconds + 5)
        try:
            used = cache.incr(key)
        except ValueError:  # evicted between add and incr
            cache.set(key, 1, timeout=seconds + 5)
            used = 1
        if used > count:
            wait = max(1, math.ceil((window + 1) * seconds - now))
            retry_after = max(retry_after or 0, wait)
    return retry_after


class Overloaded(Exception):
    """The admission gate is full: answer 503 with Retry-After."""

    retry_after = 2


class AdmissionGate:
    """A bounded semaphore sized from settings (re-sized when the setting changes)."""

    def __init__(self):
        self._lock = threading.Lock()
        self._size = None
        self._semaphore = None

    def semaphore(self) -> threading.BoundedSemaphore:
        size = max(1, int(getattr(settings, "VOICE_INTAKE_CONCURRENCY", 4)))
        with self._lock:
            if self._semaphore is None or self._size != size:
                self._semaphore = threading.BoundedSemaphore(size)
                self._size = size
            return self._semaphore

    @contextmanager
    def admitted(self):
        semaphore = self.semaphore()
        wait = float(getattr(settings, "VOICE_INTAKE_QUEUE_WAIT", 1.0))
        if not semaphore.acquire(timeout=wait):
            raise Overloaded
        try:
            yield
        finally:
            semaphore.release()


intake_gate = AdmissionGate()


def retry_after_overloaded() -> int:
    return int(getattr(settings, "VOICE_INTAKE_RETRY_AFTER", Overloaded.retry_after))
