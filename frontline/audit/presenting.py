"""Audit entries as people read them: field names, choice labels, dates and numbers in the
reader's language, translated actions, without the columns the services derive.

django-auditlog stores every value as text ("None", "F", "2020-01-01", a foreign key's id);
this turns them back into what the pages show elsewhere. Fields the reader may not see (a
confidential concern's person, see frontline.audit.redaction) read "hidden: confidential".
"""

import datetime
from collections import defaultdict
from dataclasses import dataclass, field

from auditlog.models import LogEntry
from django.core.exceptions import FieldDoesNotExist
from django.db import models
from django.utils import timezone
from django.utils.text import capfirst
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from frontline.core.formatting import format_date, format_datetime, format_number, localized

from . import redaction

# Columns the services derive or keep for bookkeeping: their changes say nothing new.
BOOKKEEPING = frozenset(
    {"id", "created_at", "updated_at", "org_path", "area_code", "province_code", "search_text", "name_sort", "path"}
)
ACTIONS = {
    LogEntry.Action.CREATE: gettext_lazy("Created"),
    LogEntry.Action.UPDATE: gettext_lazy("Changed"),
    LogEntry.Action.DELETE: gettext_lazy("Deleted"),
    LogEntry.Action.ACCESS: gettext_lazy("Viewed"),
}
EMPTY = "—"


@dataclass
class Change:
    label: str
    before: str
    after: str


@dataclass
class EntryView:
    entry: LogEntry
    action: str
    record_type: str
    changes: list[Change] = field(default_factory=list)
    # The address the entry was written from, unless it is a hidden person's own connection.
    remote_addr: str | None = None


def action_choices() -> list[tuple[int, str]]:
    return [(value, str(label)) for value, label in ACTIONS.items()]


def record_type(model: type[models.Model] | None, fallback: str) -> str:
    return capfirst(model._meta.verbose_name) if model else fallback


def _field(model, name: str):
    """The model's field of this name (auditlog keys a foreign key by its name, not attname)."""
    try:
        return model._meta.get_field(name) if model else None
    except FieldDoesNotExist:
        return None


def _is_reverse(target) -> bool:
    """A relation seen from the other side (a person's posts): auditlog records it on creation
    as "people.Post.None", which says nothing."""
    return target is not None and target.auto_created and not target.concrete


def _related_names(entries: list[LogEntry]) -> dict[tuple[type, str], str]:
    """The names of the records foreign keys in these entries point to: one query per model."""
    wanted: dict[type, set[str]] = defaultdict(set)
    for entry in entries:
        model = entry.content_type.model_class()
        for name, values in (entry.changes_dict or {}).items():
            target = _field(model, name)
            if isinstance(target, models.ForeignKey) and isinstance(values, list):
                wanted[target.related_model].update(v for v in values if v not in (None, "None", ""))
    names = {}
    for related, keys in wanted.items():
        valid = [key for key in keys if key.isascii() and key.isdigit()]
        for record in related._default_manager.filter(pk__in=valid):
            names[(related, str(record.pk))] = localized(record) or str(record)
    return names


def _value(target, text, names) -> str:
    if text in (None, "None", ""):
        return EMPTY
    if target is None:
        return str(text)
    if getattr(target, "choices", None):
        return str(dict(target.flatchoices).get(text, text))
    if isinstance(target, models.ForeignKey):
        return names.get((target.related_model, str(text)), EMPTY)
    return _typed_value(target, str(text))


def _typed_value(target, text: str) -> str:
    try:
        if isinstance(target, models.DateTimeField):
            moment = datetime.datetime.fromisoformat(text)
            return format_datetime(moment if timezone.is_aware(moment) else moment.replace(tzinfo=datetime.UTC))
        if isinstance(target, models.DateField):
            return format_date(datetime.date.fromisoformat(text))
        if isinstance(target, models.BooleanField):
            return _("yes") if text == "True" else _("no")
        if isinstance(target, models.IntegerField | models.DecimalField | models.FloatField):
            return format_number(float(text) if "." in text else int(text), decimals=2 if "." in text else 0)
    except ValueError:
        return text
    return text


def _m2m_change(label: str, change: dict) -> Change:
    objects = ", ".join(str(item) for item in change.get("objects", []))
    if change.get("operation") == "add":
        return Change(label, EMPTY, _("added: %(items)s") % {"items": objects})
    return Change(label, _("removed: %(items)s") % {"items": objects}, EMPTY)


def present(entries, *, user, known_hidden: dict | None = None) -> list[EntryView]:
    """The entries as `user` reads them: the fields `user` may not see replaced by HIDDEN
    (`known_hidden`: see redaction.hidden_records)."""
    entries = list(entries)
    hidden = redaction.hidden_records(entries, user=user, known=known_hidden)
    names = _related_names(entries)
    views = []
    for entry in entries:
        model = entry.content_type.model_class()
        concealed = redaction.concealed_fields(entry, hidden)
        view = EntryView(
            entry,
            str(ACTIONS.get(entry.action, "")),
            record_type(model, entry.content_type.model),
            remote_addr=None if redaction.conceals_address(entry, concealed) else entry.remote_addr,
        )
        for name, values in (entry.changes_dict or {}).items():
            target = _field(model, name)
            if name in BOOKKEEPING or _is_reverse(target):
                continue
            label = str(capfirst(target.verbose_name)) if target is not None else name
            if name in concealed:
                # Hidden on both sides: even "empty before, a value after" would say what was given.
                view.changes.append(Change(label, str(redaction.HIDDEN), str(redaction.HIDDEN)))
                continue
            if isinstance(values, dict):
                view.changes.append(_m2m_change(label, values))
                continue
            before, after = (list(values) + [None, None])[:2]
            change = Change(label, _value(target, before, names), _value(target, after, names))
            if change.before != change.after:
                view.changes.append(change)
        views.append(view)
    return views
