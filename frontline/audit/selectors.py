"""Reads of the audit log (django-auditlog's LogEntry rows, written on every save and delete)."""

from auditlog.models import LogEntry
from django.contrib.contenttypes.models import ContentType
from django.db.models import QuerySet

from frontline.accounts.roles import Perm
from frontline.accounts.scoping import has_perm


def history_of(record, *, limit: int = 50) -> list[LogEntry]:
    """The recorded changes of one record, newest first."""
    content_type = ContentType.objects.get_for_model(type(record))
    return list(
        LogEntry.objects.filter(content_type=content_type, object_pk=str(record.pk))
        .select_related("actor")
        .order_by("-timestamp", "-id")[:limit]
    )


def audit_log(
    *, user, model: str | None = None, actor: str | None = None, action: int | None = None
) -> QuerySet[LogEntry]:
    """The whole log, for those who hold audit.view (auditors and system administrators)."""
    if not has_perm(user, Perm.AUDIT_VIEW):
        return LogEntry.objects.none()
    entries = LogEntry.objects.select_related("actor", "content_type").order_by("-timestamp", "-id")
    if model:
        entries = entries.filter(content_type__model=model)
    if actor:
        entries = entries.filter(actor__username=actor)
    if action is not None:
        entries = entries.filter(action=action)
    return entries
