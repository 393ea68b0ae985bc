"""Paging shared by pages and the API: {"count": N, "items": [...]} with limit and offset."""

from django.core.paginator import Paginator
from django.db.models import QuerySet
from ninja import Field, Schema

MAX_LIMIT = 200


class PageParams(Schema):
    limit: int = Field(50, ge=1, le=MAX_LIMIT)
    offset: int = Field(0, ge=0, le=10_000_000)


def page_of(
    queryset: QuerySet, params: PageParams, *, count: int | None = None, schema: type[Schema] | None = None
) -> dict:
    """One page of the queryset; `count`, when the caller knows it (from kept tallies), saves a COUNT.

    With `schema` (a flat schema of plain fields), the page is read as rows keyed the way the
    schema reads them, instead of model objects: no instance is built, and a dotted alias such as
    "organiser.name_en" is a key, not a lookup through Django's template variables (a third of a
    50-row answer's time).
    """
    total = queryset.count() if count is None else count
    window = queryset[params.offset : params.offset + params.limit]
    if schema is None:
        return {"count": total, "items": list(window)}
    keys = schema_keys(schema)
    rows = window.values_list(*[key.replace(".", "__") for key in keys])
    return {"count": total, "items": [dict(zip(keys, row, strict=True)) for row in rows]}


def schema_keys(schema: type[Schema]) -> list[str]:
    """The name each field of the schema reads from its source: its alias, else its own name.
    Only a flat schema can be read as rows: no resolvers, plain text aliases."""
    keys = [field.validation_alias or name for name, field in schema.model_fields.items()]
    if schema._ninja_resolvers or not all(isinstance(key, str) for key in keys):
        raise TypeError(f"{schema.__name__} has resolvers or structured aliases: page it as model objects")
    return keys


class CountedPaginator(Paginator):
    """A Paginator told its total instead of counting the rows again."""

    def __init__(self, object_list, per_page, *, count: int, **options):
        super().__init__(object_list, per_page, **options)
        self.__dict__["count"] = count
