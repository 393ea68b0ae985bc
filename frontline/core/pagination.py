"""Paging shared by pages and the API: {"count": N, "items": [...]} with limit and offset."""

from django.core.paginator import Paginator
from django.db.models import QuerySet
from ninja import Field, Schema

MAX_LIMIT = 200


class PageParams(Schema):
    limit: int = Field(50, ge=1, le=MAX_LIMIT)
    offset: int = Field(0, ge=0, le=10_000_000)


def page_of(queryset: QuerySet, params: PageParams, *, count: int | None = None) -> dict:
    """One page of the queryset; `count`, when the caller knows it (from kept tallies), saves a COUNT."""
    total = queryset.count() if count is None else count
    return {"count": total, "items": list(queryset[params.offset : params.offset + params.limit])}


class CountedPaginator(Paginator):
    """A Paginator told its total instead of counting the rows again."""

    def __init__(self, object_list, per_page, *, count: int, **options):
        super().__init__(object_list, per_page, **options)
        self.__dict__["count"] = count
