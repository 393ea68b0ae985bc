"""Reads of the area tree."""

from django.db.models import QuerySet
from django.utils import translation

from frontline.accounts.roles import Perm
from frontline.core.search import search_filter

from .models import Area

SORTS = ("code", "-code", "name", "-name")


def _ordering(sort: str) -> tuple[str, ...]:
    name = "name_km" if (translation.get_language() or "km").startswith("km") else "name_en"
    return {"-code": ("-code",), "name": (name, "code"), "-name": (f"-{name}", "-code")}.get(sort, ("code",))


def area_list(
    *, user, level: str | None = None, parent: str | None = None, query: str = "", sort: str = "code"
) -> QuerySet[Area]:
    areas = Area.objects.visible_to(user, perm=Perm.AREAS_VIEW)
    if level:
        areas = areas.filter(level=level)
    if parent:
        areas = areas.filter(parent_id=parent)
    return search_filter(areas, query).order_by(*_ordering(sort))


def area_get(*, user, code: str) -> Area:
    from django.shortcuts import get_object_or_404

    return get_object_or_404(Area.objects.visible_to(user, perm=Perm.AREAS_VIEW).select_related("parent"), code=code)


def area_lineage(area: Area) -> list[Area]:
    """The area's ancestors, from the province down, then the area itself."""
    ancestors = {a.code: a for a in Area.objects.filter(code__in=area.ancestor_codes())}
    return [ancestors[code] for code in area.ancestor_codes() if code in ancestors] + [area]
