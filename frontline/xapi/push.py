"""Sending statements to a learning record store (xAPI 1.0.3, POST /statements, HTTP Basic).

Statements not yet sent go in batches, oldest first. Each carries its own id, so sending one
again (after a lost answer, say) does not duplicate it in the store; a statement is marked sent
only once the store has accepted its batch.
"""

import base64
import json
import urllib.error
import urllib.request
from dataclasses import dataclass
from urllib.parse import urlsplit

from django.utils import timezone

from .models import XAPI_VERSION, Statement

TIMEOUT_SECONDS = 30


class PushError(Exception):
    """The store refused a batch or could not be reached; what was sent before stays marked sent."""


@dataclass
class PushReport:
    sent: int = 0
    batches: int = 0


def statements_url(endpoint: str) -> str:
    parts = urlsplit(endpoint)
    if parts.scheme not in ("http", "https") or not parts.netloc:
        raise PushError(f"The endpoint must be an http(s) address, not {endpoint!r}.")
    return endpoint.rstrip("/") + "/statements"


def _post(url: str, key: str, secret: str, batch: list[dict]) -> None:
    credentials = base64.b64encode(f"{key}:{secret}".encode()).decode("ascii")
    request = urllib.request.Request(  # noqa: S310 - the scheme is checked in statements_url
        url,
        data=json.dumps(batch, ensure_ascii=False).encode("utf-8"),
        method="POST",
        headers={
            "Authorization": f"Basic {credentials}",
            "Content-Type": "application/json; charset=utf-8",
            "X-Experience-API-Version": XAPI_VERSION,
        },
    )
    try:
        with urllib.request.urlopen(request, timeout=TIMEOUT_SECONDS) as answer:  # noqa: S310
            answer.read()
    except urllib.error.HTTPError as error:
        detail = error.read(300).decode("utf-8", "replace")
        raise PushError(f"The store answered {error.code}: {detail}") from error
    except (urllib.error.URLError, TimeoutError, OSError) as error:
        raise PushError(f"The store could not be reached: {error}") from error


def push_unsent(*, endpoint: str, key: str, secret: str, batch_size: int = 100) -> PushReport:
    """Send every statement not yet sent, batch by batch, marking each batch once accepted."""
    url = statements_url(endpoint)
    report = PushReport()
    while True:
        batch = list(Statement.objects.filter(sent_at__isnull=True).order_by("stored", "id")[:batch_size])
        if not batch:
            return report
        _post(url, key, secret, [statement.as_xapi() for statement in batch])
        Statement.objects.filter(pk__in=[statement.pk for statement in batch]).update(sent_at=timezone.now())
        report.sent += len(batch)
        report.batches += 1
