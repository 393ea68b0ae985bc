from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import render

from frontline.accounts.roles import Perm
from frontline.accounts.scoping import has_perm

from .codes import is_valid_code
from .models import Area, Level
from .selectors import SORTS, area_get, area_lineage, area_list


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
