"""Which audit entries a user may read: those of records they may see.

Each audited model registers how to find the records a user may audit
(`register_audit_scope(Person, lambda user: Person.objects.visible_to(user, perm=Perm.AUDIT_VIEW))`).
A national audit.view grant reads every entry. Anyone else reads only entries of registered
models whose record is inside their scope: entries of unregistered models (users, role
assignments, API tokens, devices) and of deleted records are for national grants alone.
"""

from collections.abc import Callable

from django.contrib.contenttypes.models import ContentType
from django.db.models import CharField, Model, Q, QuerySet
from django.db.models.functions import Cast

from frontline.accounts.roles import Perm
from frontline.accounts.scoping import grants

_SCOPES: dict[type[Model], Callable[..., QuerySet]] = {}


def register_audit_scope(model: type[Model], visible_to: Callable[..., QuerySet]) -> None:
    """`visible_to(user)` returns the records of `model` whose audit entries `user` may read."""
    _SCOPES[model] = visible_to


def registered_models() -> list[type[Model]]:
    return list(_SCOPES)


def audits_nationally(user) -> bool:
    return any(grant.is_national for grant in grants(user, Perm.AUDIT_VIEW))


def scope_entries(entries: QuerySet, user) -> QuerySet:
    """The entries `user` may read (see the module docstring)."""
    if audits_nationally(user):
        return entries
    condition = Q(pk__in=[])
    for model, visible_to in _SCOPES.items():
        # object_pk is text: compare it with the visible keys cast to text, in one subquery.
        keys = visible_to(user).annotate(key_text=Cast("pk", output_field=CharField())).values("key_text")
        condition |= Q(content_type=ContentType.objects.get_for_model(model), object_pk__in=keys)
    return entries.filter(condition)
