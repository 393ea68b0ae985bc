"""Who the audit log names as the actor of a write.

Requests get their actor from django-auditlog's middleware. Writes made elsewhere - a
management command, an import run for a user, a background job - name theirs here, so
that no entry is left without a "who".
"""

import functools
from contextlib import contextmanager

from auditlog.context import auditlog_value, set_actor
from django.db import transaction


@contextmanager
def acting_as(user):
    """Entries written inside name `user` (keeping the request's address, if any)."""
    previous = auditlog_value.get(None)
    remote_addr = previous.get("remote_addr") if previous else None
    try:
        with set_actor(user if getattr(user, "is_authenticated", False) else None, remote_addr=remote_addr):
            yield
    finally:
        # set_actor leaves its own context behind; give the enclosing one (a request's) back.
        if previous is not None:
            auditlog_value.set(previous)


def service(func):
    """Mark a write: it runs in one transaction and its audit entries name its acting_user."""

    @functools.wraps(func)
    def write(*args, acting_user, **kwargs):
        with acting_as(acting_user), transaction.atomic():
            return func(*args, acting_user=acting_user, **kwargs)

    return write
