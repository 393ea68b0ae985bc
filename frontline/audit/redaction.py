"""Fields of audit entries that a reader may not see, whatever their audit scope.

A confidential concern hides the person who raised it from everyone but the handling unit. Its
audit entries carry the same fields (name, phone, ... before and after), so every place that
shows entries - the audit log, the history panels of record pages, the admin - asks here which
records are hidden from the reader and shows HIDDEN in place of those fields' values.

Each model registers the fields and a function telling which of its records a reader may not
see: `register_redaction(Concern, fields=PERSON_FIELDS, hidden_from=persons_hidden_from)`, where
`hidden_from(user, keys)` receives object keys as text (as the log stores them) and returns the
keys hidden from `user`. `user` None is a reader who handles nothing (the admin): the function
must then hide every record it would hide from someone outside the handling unit.

A hidden record's entries written by no signed-in user (a citizen filing, rating or reopening
it) also hide their address: it is the citizen's own connection.
"""

from collections import defaultdict
from collections.abc import Callable, Iterable
from dataclasses import dataclass

from django.db.models import Model
from django.utils.translation import gettext_lazy

HIDDEN = gettext_lazy("hidden: confidential")


@dataclass(frozen=True)
class Redaction:
    fields: frozenset[str]
    hidden_from: Callable[..., set[str]]


_REDACTIONS: dict[type[Model], Redaction] = {}


def register_redaction(model: type[Model], *, fields: Iterable[str], hidden_from: Callable[..., set[str]]) -> None:
    """`hidden_from(user, keys)` returns those of `keys` (object keys as text) whose `fields` `user` may not see."""
    _REDACTIONS[model] = Redaction(frozenset(fields), hidden_from)


def hidden_records(entries: Iterable, *, user, known: dict | None = None) -> dict[type[Model], set[str]]:
    """The keys of the records, among those these entries are about, whose registered fields
    `user` may not see: one call (a query) per registered model present, except the models in
    `known`, whose answer a record page has worked out already with the record it read."""
    known = known or {}
    keys: dict[type[Model], set[str]] = defaultdict(set)
    for entry in entries:
        model = entry.content_type.model_class()
        if model in _REDACTIONS and model not in known:
            keys[model].add(str(entry.object_pk))
    return {**known, **{model: set(_REDACTIONS[model].hidden_from(user, found)) for model, found in keys.items()}}


def concealed_fields(entry, hidden: dict[type[Model], set[str]]) -> frozenset[str]:
    """The fields of this entry to show as HIDDEN (none when its record is not hidden)."""
    model = entry.content_type.model_class()
    if str(entry.object_pk) in hidden.get(model, ()):
        return _REDACTIONS[model].fields
    return frozenset()


def conceals_address(entry, concealed: frozenset[str]) -> bool:
    """A hidden record's entry written by no signed-in user: its address is the citizen's."""
    return bool(concealed) and entry.actor_id is None


def redacted_changes(changes: dict, concealed: frozenset[str]) -> dict:
    """The entry's changes with the concealed fields' values replaced by HIDDEN."""
    if not concealed:
        return changes
    text = str(HIDDEN)
    return {name: ([text, text] if name in concealed else values) for name, values in changes.items()}
