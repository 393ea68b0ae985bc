from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import render

from frontline.accounts.roles import Perm
from frontline.accounts.scoping import has_perm
from frontline.core.formatting import localized
from frontline.core.widgets import typed_query

from .codes import is_valid_code
from .fields import area_label
from .models import Area, Level
from .selectors import SORTS, area_get, area_lineage, area_list

SUGGESTIONS = 20


@login_required
def browse(request, code: str | None = None):
    """The tree one level at a time, or search results across all levels."""
    area = None
    if code is not None:
        if not is_valid_code(code):
            raise Http404
        area = area_get(user=request.user, code=code)
    query = request.GET.get("q", "").strip()[:100]
    sort = request.GET.get("sort") if request.GET.get("sort") in SORTS else "code"
    if query:
        areas = area_list(user=request.user, query=query, parent=None, sort=sort)
        if area is not None:
            from .codes import subtree_q

            areas = areas.filter(subtree_q("code", area.code))
        title_children = None
    elif area is None:
        areas = area_list(user=request.user, level=Level.PROVINCE, sort=sort)
        title_children = Level.PROVINCE.label
    else:
        areas = area_list(user=request.user, parent=area.code, sort=sort)
        title_children = None
    page = Paginator(areas.select_related("parent"), 100).get_page(request.GET.get("page"))
    context = {
        "area": area,
        "lineage": area_lineage(area) if area else [],
        "page": page,
        "query": query,
        "sort": sort,
        "title_children": title_children,
        "levels": Level,
        "can_view_officials": has_perm(request.user, Perm.OFFICIALS_VIEW),
        "child_count": Area.objects.visible_to(request.user).filter(parent=area).count() if area else None,
    }
    template = (
        "geography/browse.html#results"
        if request.htmx and request.htmx.target == "results"
        else "geography/browse.html"
    )
    return render(request, template, context)


@login_required
def area_choose(request):
    """The area search box's suggestions (HTMX, see geography.fields): the areas of the levels
    asked whose Khmer or English name or code matches what is typed - the same search as the
    tree's and the API's (selectors.area_list) - each with the areas above it, which tell the
    many villages of one name apart."""
    if not has_perm(request.user, Perm.AREAS_VIEW):
        raise Http404
    levels = [level for level in request.GET.getlist("level") if level in Level.values] or Level.values
    query = typed_query(request)
    found = []
    if query:
        found = list(
            area_list(user=request.user, query=query)
            .filter(level__in=levels)
            .only("code", "level", "name_km", "name_en")[:SUGGESTIONS]
        )
    above = {
        area.code: localized(area)
        for area in Area.objects.visible_to(request.user)
        .filter(code__in={code for area in found for code in area.ancestor_codes()})
        .only("code", "name_km", "name_en")
    }
    rows = [
        {
            "area": area,
            "label": area_label(area),
            "above": [above[code] for code in reversed(area.ancestor_codes()) if code in above],
        }
        for area in found
    ]
    return render(request, "geography/choices.html", {"rows": rows, "query": query})
