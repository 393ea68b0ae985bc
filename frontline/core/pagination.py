"""Paging shared by pages and the API: {"count": N, "items": [...]} with limit and offset."""

from django.db.models import QuerySet
from ninja import Field, Schema

MAX_LIMIT = 200


class PageParams(Schema):
    limit: int = Field(50, ge=1, le=MAX_LIMIT)
    offset: int = Field(0, ge=0, le=10_000_000)


def page_of(queryset: QuerySet, params: PageParams) -> dict:
    return {"count": queryset.count(), "items": list(queryset[params.offset : params.offset + params.limit])}
