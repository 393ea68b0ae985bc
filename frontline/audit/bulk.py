"""Audit entries for rows written in bulk.

`bulk_create` sends no signals, so django-auditlog records nothing for it. Writes that must
be fast at volume (a 10,000-row participant import) create their rows in bulk and call
`log_created`, which writes the entries auditlog would write - every field with a value,
before None, after the value - in bulk too.
"""

from auditlog.cid import get_cid
from auditlog.context import auditlog_value
from auditlog.models import LogEntry
from auditlog.registry import auditlog
from django.contrib.contenttypes.models import ContentType
from django.utils import timezone
from django.utils.encoding import smart_str


def _tracked_fields(model) -> list:
    """The model's columns that auditlog records (its registration's exclude_fields left out)."""
    excluded = set(auditlog.get_model_fields(model)["exclude_fields"] or ())
    return [field for field in model._meta.concrete_fields if field.name not in excluded]


def log_created(instances: list, *, actor) -> None:
    """One CREATE entry per instance (all of one model), naming `actor` and the request's address."""
    if not instances:
        return
    model = type(instances[0])
    content_type = ContentType.objects.get_for_model(model)
    fields = _tracked_fields(model)
    context = auditlog_value.get(None) or {}
    now = timezone.now()
    actor = actor if getattr(actor, "is_authenticated", False) else None
    cid = get_cid()
    entries = []
    for instance in instances:
        changes = {}
        for field in fields:
            value = getattr(instance, field.attname)
            if value is not None and value != "":
                changes[field.name] = ["None", smart_str(value)]
        entries.append(
            LogEntry(
                content_type=content_type,
                object_pk=str(instance.pk),
                object_id=instance.pk if isinstance(instance.pk, int) else None,
                object_repr=smart_str(instance)[:255],
                action=LogEntry.Action.CREATE,
                changes=changes,
                actor=actor,
                remote_addr=context.get("remote_addr"),
                cid=cid,
                timestamp=now,
            )
        )
    LogEntry.objects.bulk_create(entries, batch_size=1000)
