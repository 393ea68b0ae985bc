"""Who the audit log names as the actor of a write, and from which address.

Requests get their context from frontline.audit.middleware; writes made elsewhere - a
management command, an import run for a user, a background job - name their actor with
`acting_as` (or the `service` decorator), so that no entry is left without a "who".

The context lives in django-auditlog's context variable (the API's token authentication
updates it in place, see core.api). One receiver, connected once at start-up, copies it onto
each entry before it is saved: django-auditlog's own set_actor connects and disconnects a
process-wide receiver per request, keyed by a timestamp that two threads can share.
"""

import functools
from contextlib import contextmanager

from auditlog.context import auditlog_value
from django.db import transaction


def _actor(user):
    return user if getattr(user, "is_authenticated", False) else None


@contextmanager
def audit_context(*, actor, remote_addr: str | None = None):
    """Entries written inside name `actor` and `remote_addr`; the enclosing context comes back after."""
    token = auditlog_value.set({"actor": _actor(actor), "remote_addr": remote_addr})
    try:
        yield
    finally:
        auditlog_value.reset(token)


@contextmanager
def acting_as(user):
    """Entries written inside name `user`, keeping the request's address if there is one."""
    enclosing = auditlog_value.get(None) or {}
    token = auditlog_value.set({**enclosing, "actor": _actor(user)})
    try:
        yield
    finally:
        auditlog_value.reset(token)


def stamp_entry(sender, instance, **kwargs) -> None:
    """pre_save of LogEntry: fill in actor and address from the current context."""
    from frontline.accounts.models import User

    context = auditlog_value.get(None)
    if not context:
        return
    actor = context.get("actor")
    if instance.actor_id is None and isinstance(actor, User):
        instance.actor = actor
        instance.actor_email = actor.email or None
    if instance.remote_addr is None:
        instance.remote_addr = context.get("remote_addr")


def service(func):
    """Mark a write: it runs in one transaction and its audit entries name its acting_user."""

    @functools.wraps(func)
    def write(*args, acting_user, **kwargs):
        with acting_as(acting_user), transaction.atomic():
            return func(*args, acting_user=acting_user, **kwargs)

    return write
