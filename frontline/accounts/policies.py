"""Whether a user may act on one record: scoping with the action's permission.

Views and the API ask `can(user, Perm.X, record)`; templates get the answers from views.
"""

from .roles import Perm
from .scoping import has_perm


def can(user, perm: Perm, record=None) -> bool:
    if record is None:
        return has_perm(user, perm)
    manager = type(record)._default_manager
    return manager.visible_to(user, perm=perm).filter(pk=record.pk).exists()


def annotate_can(queryset, user, **flags: Perm):
    """`queryset` with one boolean per flag, each what `can(user, perm, row)` answers, read in
    the same query as the rows: a record page that needs three answers makes no extra trips."""
    from django.db.models import Exists, OuterRef

    manager = queryset.model._default_manager
    return queryset.annotate(
        **{name: Exists(manager.visible_to(user, perm=perm).filter(pk=OuterRef("pk"))) for name, perm in flags.items()}
    )
