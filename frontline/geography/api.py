from typing import Literal

from django.http import HttpRequest
from ninja import Field, Path, Query, Router, Schema

from frontline.core.pagination import PageParams, page_of

from .selectors import SORTS, area_get, area_list

router = Router(tags=["areas"])


class AreaOut(Schema):
    code: str
    level: str
    kind: str
    name_km: str
    name_en: str
    parent: str | None = Field(None, alias="parent_id")


class AreaPage(Schema):
    count: int
    items: list[AreaOut]


class AreaFilters(PageParams):
    level: Literal["province", "district", "commune", "village"] | None = None
    parent: str | None = Field(None, max_length=8, pattern=r"^[0-9]{2,8}$")
    q: str = Field("", max_length=100)
    sort: str = Field("code", pattern="^(" + "|".join(SORTS).replace("-", "\\-") + ")$")


@router.get("", response=AreaPage, summary="List and search areas")
def list_areas(request: HttpRequest, filters: Query[AreaFilters]):
    areas = area_list(user=request.auth, level=filters.level, parent=filters.parent, query=filters.q, sort=filters.sort)
    return page_of(areas.only("code", "level", "kind", "name_km", "name_en", "parent_id"), filters)


@router.get("/{code}", response=AreaOut, summary="One area")
def get_area(request: HttpRequest, code: str = Path(..., pattern=r"^[0-9]{2,8}$")):
    return area_get(user=request.auth, code=code)
