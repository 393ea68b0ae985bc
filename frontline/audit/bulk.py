"""Audit entries for rows written in bulk.

`bulk_create` and a queryset's `update` send no signals, so django-auditlog records nothing
for them. Writes that must be fast at volume (a 10,000-row participant import) create their
rows in bulk and call `log_created`, which writes the entries auditlog would write - every
field with a value, before None, after the value - in bulk too; writes that update rows in
bulk call `log_changed`, which writes the entries auditlog writes on a save: the fields that
changed, before and after.
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


def _write(action: int, instances_and_changes: list[tuple], *, actor) -> None:
    """One entry of `action` per (instance, changes), naming `actor` and the request's address."""
    if not instances_and_changes:
        return
    content_type = ContentType.objects.get_for_model(type(instances_and_changes[0][0]))
    context = auditlog_value.get(None) or {}
    now = timezone.now()
    actor = actor if getattr(actor, "is_authenticated", False) else None
    cid = get_cid()
    entries = [
        LogEntry(
            content_type=content_type,
            object_pk=str(instance.pk),
            object_id=instance.pk if isinstance(instance.pk, int) else None,
            object_repr=smart_str(instance)[:255],
            action=action,
            changes=changes,
            actor=actor,
            remote_addr=context.get("remote_addr"),
            cid=cid,
            timestamp=now,
        )
        for instance, changes in instances_and_changes
    ]
    LogEntry.objects.bulk_create(entries, batch_size=1000)


def log_created(instances: list, *, actor) -> None:
    """One CREATE entry per instance (all of one model), naming `actor` and the request's address."""
    if not instances:
        return
    fields = _tracked_fields(type(instances[0]))
    written = []
    for instance in instances:
        changes = {}
        for field in fields:
            value = getattr(instance, field.attname)
            if value is not None and value != "":
                changes[field.name] = ["None", smart_str(value)]
        written.append((instance, changes))
    _write(LogEntry.Action.CREATE, written, actor=actor)


def log_changed(instances: list, *, before: dict, actor) -> None:
    """One UPDATE entry per instance (all of one model) whose tracked fields now differ from
    `before[instance.pk]` ({field name: value before}, a foreign key's by its id), naming
    `actor` and the request's address; instances with nothing changed get none."""
    if not instances:
        return
    fields = {field.name: field for field in _tracked_fields(type(instances[0]))}
    written = []
    for instance in instances:
        changes = {}
        for name, old in before.get(instance.pk, {}).items():
            field = fields.get(name)
            if field is not None and smart_str(old) != smart_str(getattr(instance, field.attname)):
                changes[name] = [smart_str(old), smart_str(getattr(instance, field.attname))]
        if changes:
            written.append((instance, changes))
    _write(LogEntry.Action.UPDATE, written, actor=actor)
