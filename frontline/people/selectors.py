"""Reads of people and officials; every one starts from Person.objects.visible_to."""

from django.db.models import Prefetch, QuerySet
from django.shortcuts import get_object_or_404

from frontline.accounts.roles import Perm
from frontline.core.search import search_filter
from frontline.core.text import query_terms
from frontline.geography.codes import subtree_q

from .models import Person, Post
from .tallies import officials_counted

# What list pages and the list API show: fetching only these keeps sorting and paging light.
LIST_FIELDS = (
    "id",
    "family_name_km",
    "given_name_km",
    "family_name_latin",
    "given_name_latin",
    "sex",
    "organisation_id",
    "position",
    "level",
    "area_code",
    "name_sort",
    "organisation__name_km",
    "organisation__name_en",
)
SORTS = {
    "name": ("name_sort", "id"),
    "-name": ("-name_sort", "-id"),
    "newest": ("-id",),
}


def official_list(
    *,
    user,
    area: str | None = None,
    organisation_id: int | None = None,
    sex: str | None = None,
    level: str | None = None,
    query: str = "",
    sort: str = "name",
    perm: Perm = Perm.OFFICIALS_VIEW,
) -> QuerySet[Person]:
    officials = Person.objects.visible_to(user, perm=perm).officials()
    if area:
        # A province is one equality on an indexed column; smaller areas a code range.
        officials = (
            officials.filter(province_code=area) if len(area) == 2 else officials.filter(subtree_q("area_code", area))
        )
    if organisation_id:
        from frontline.organisations.models import Organisation

        path = Organisation.objects.filter(pk=organisation_id).values_list("path", flat=True).first()
        officials = officials.filter(subtree_q("org_path", path)) if path else officials.none()
    if sex:
        officials = officials.filter(sex=sex)
    if level:
        officials = officials.filter(level=level)
    officials = search_filter(officials, query)
    return officials.select_related("organisation").only(*LIST_FIELDS).order_by(*SORTS.get(sort, SORTS["name"]))


def official_total(
    officials: QuerySet[Person],
    *,
    user,
    area: str | None = None,
    organisation_id: int | None = None,
    sex: str | None = None,
    level: str | None = None,
    query: str = "",
    perm: Perm = Perm.OFFICIALS_VIEW,
) -> int:
    """How many officials `official_list` found with these filters: from the kept tallies when
    only the scope, an area and sex narrow it (one indexed lookup), else by counting."""
    if not (organisation_id or level or query_terms(query)):
        counted = officials_counted(user, perm, area=area, sex=sex)
        if counted is not None:
            return counted
    return officials.count()


def official_get(*, user, pk: int, perm: Perm = Perm.OFFICIALS_VIEW) -> Person:
    posts = Prefetch("posts", queryset=Post.objects.select_related("organisation").order_by("-start_date", "-id"))
    people = Person.objects.visible_to(user, perm=perm).select_related("organisation").prefetch_related(posts)
    return get_object_or_404(people, pk=pk)
