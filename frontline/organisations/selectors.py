from django.db.models import Exists, OuterRef, QuerySet
from django.shortcuts import get_object_or_404
from django.utils import translation

from frontline.accounts.roles import Perm
from frontline.core.search import search_filter
from frontline.geography.codes import subtree_q

from .models import Organisation


def _with_parent_visibility(organisations: QuerySet[Organisation], user, perm: Perm) -> QuerySet[Organisation]:
    """Mark whether each unit's parent is itself in scope: a provincial officer sees their
    provincial department, not the ministry above it, whose name pages and API leave out."""
    parents = Organisation.objects.visible_to(user, perm=perm).filter(pk=OuterRef("parent_id"))
    return organisations.annotate(parent_visible=Exists(parents))


SORTS = ("tree", "name", "-name", "kind", "-kind")


def _ordering(sort: str) -> tuple[str, ...]:
    """Tree order (each unit under its parent) by default; names in the reader's language."""
    name = "name_km" if (translation.get_language() or "km").startswith("km") else "name_en"
    return {
        "name": (name, "id"),
        "-name": (f"-{name}", "-id"),
        "kind": ("kind", "path"),
        "-kind": ("-kind", "path"),
    }.get(sort, ("path",))


def organisation_list(
    *,
    user,
    query: str = "",
    area: str | None = None,
    kind: str | None = None,
    sort: str = "tree",
    perm: Perm = Perm.ORGANISATIONS_VIEW,
) -> QuerySet[Organisation]:
    organisations = Organisation.objects.visible_to(user, perm=perm)
    if area:
        organisations = organisations.filter(subtree_q("area_code", area))
    if kind:
        organisations = organisations.filter(kind=kind)
    organisations = search_filter(organisations, query).select_related("parent", "area").order_by(*_ordering(sort))
    return _with_parent_visibility(organisations, user, perm)


def organisation_get(*, user, pk: int, perm: Perm = Perm.ORGANISATIONS_VIEW) -> Organisation:
    organisations = Organisation.objects.visible_to(user, perm=perm).select_related("parent", "area")
    return get_object_or_404(_with_parent_visibility(organisations, user, perm), pk=pk)


def organisation_choices(*, user, perm: Perm, query: str = "", limit: int = 20) -> list[Organisation]:
    """The first few active units matching `query` that `user` may choose with `perm` (for search fields)."""
    organisations = Organisation.objects.visible_to(user, perm=perm).filter(is_active=True)
    organisations = search_filter(organisations, query).order_by("path")
    return list(organisations.only("id", "code", "name_km", "name_en", "abbreviation")[:limit])
