from django.db.models import QuerySet
from django.shortcuts import get_object_or_404

from frontline.accounts.roles import Perm
from frontline.core.search import search_filter
from frontline.geography.codes import subtree_q

from .models import Organisation


def organisation_list(
    *,
    user,
    query: str = "",
    area: str | None = None,
    kind: str | None = None,
    perm: Perm = Perm.ORGANISATIONS_VIEW,
) -> QuerySet[Organisation]:
    organisations = Organisation.objects.visible_to(user, perm=perm)
    if area:
        organisations = organisations.filter(subtree_q("area_code", area))
    if kind:
        organisations = organisations.filter(kind=kind)
    return search_filter(organisations, query).select_related("parent", "area")


def organisation_get(*, user, pk: int, perm: Perm = Perm.ORGANISATIONS_VIEW) -> Organisation:
    return get_object_or_404(Organisation.objects.visible_to(user, perm=perm).select_related("parent", "area"), pk=pk)
