"""Reads of the audit log (django-auditlog's LogEntry rows, written on every save and delete)."""

from collections.abc import Iterable

from auditlog.models import LogEntry
from django.contrib.contenttypes.models import ContentType
from django.db.models import Model, Q, QuerySet

from frontline.accounts.roles import Perm
from frontline.accounts.scoping import has_perm

from .scopes import scope_entries


def history_of(record, *, related: Iterable[Model] = (), limit: int = 50) -> list[LogEntry]:
    """The recorded changes of one record and of the records that belong to it (a person's
    posts: their career), newest first."""
    condition = Q(pk__in=[])
    for item in [record, *related]:
        content_type = ContentType.objects.get_for_model(type(item))
        condition |= Q(content_type=content_type, object_pk=str(item.pk))
    return list(
        LogEntry.objects.filter(condition).select_related("actor", "content_type").order_by("-timestamp", "-id")[:limit]
    )


def history_context(
    user, record, *, related: Iterable[Model] = (), shows_who: bool | None = None, known_hidden: dict | None = None
) -> dict:
    """What a record page's history panel needs: the entries as this reader may read them (see
    frontline.audit.redaction; `known_hidden` when the page has worked it out already), and
    whether they may see who made each change and from where (audit.view on the record;
    `shows_who` when the page has read it already)."""
    from frontline.accounts.policies import can

    from .presenting import present

    return {
        "history": present(history_of(record, related=related), user=user, known_hidden=known_hidden),
        "history_shows_who": can(user, Perm.AUDIT_VIEW, record) if shows_who is None else shows_who,
    }


SORTS = {"newest": ("-timestamp", "-id"), "oldest": ("timestamp", "id")}


def audit_log(
    *,
    user,
    model: str | None = None,
    actor: str | None = None,
    action: int | None = None,
    sort: str = "newest",
) -> QuerySet[LogEntry]:
    """The log for holders of audit.view: all of it with a national grant, else the entries of
    records inside their scope (see frontline.audit.scopes)."""
    if not has_perm(user, Perm.AUDIT_VIEW):
        return LogEntry.objects.none()
    entries = scope_entries(LogEntry.objects.all(), user)
    entries = entries.select_related("actor", "content_type").order_by(*SORTS.get(sort, SORTS["newest"]))
    if model:
        entries = entries.filter(content_type__model=model)
    if actor:
        entries = entries.filter(actor__username=actor)
    if action is not None:
        entries = entries.filter(action=action)
    return entries
