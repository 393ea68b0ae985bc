"""Token search over a model's stored search column (see frontline.core.text)."""

import re

from django.db import connection
from django.db.models import Q, QuerySet

from .text import query_terms


def search_filter(queryset: QuerySet, query: str, *, field: str = "search_text") -> QuerySet:
    """Rows whose search column has a word starting with every term of the query.

    Documents and queries are segmented the same way, so a Khmer query typed without
    spaces finds the words it is made of. An empty query leaves the queryset as it is.
    """
    terms = query_terms(query or "")
    if not terms:
        return queryset
    condition = Q()
    for term in terms:
        condition &= Q(**{f"{field}__contains": " " + term})
    return queryset.filter(condition)


_FULLTEXT_SPECIAL = re.compile(r"[\"'():&|!*\\<>^{}\[\]+~-]")


def fulltext_filter(queryset: QuerySet, query: str, *, index: str, vector_column: str | None = None) -> QuerySet:
    """Rows matching every term of the query by word prefix, through a full-text index.

    `index` names the index a migration made over the table's search column: on SQLite an
    FTS5 table of that name (content rowid = the row's id), on PostgreSQL a GIN index on
    to_tsvector('simple', search_text) - or on `vector_column`, a stored generated column of that
    vector, which spares recomputing it for each candidate row. Terms are segmented exactly as
    documents are.
    """
    # Tokens are words (letters, marks, digits); anything the query syntaxes treat specially is
    # dropped rather than escaped.
    terms = [term for term in query_terms(query or "") if not _FULLTEXT_SPECIAL.search(term)]
    if not terms:
        return queryset if not (query or "").strip() else queryset.none()
    table = queryset.model._meta.db_table
    if connection.vendor == "sqlite":
        match = " AND ".join(f'"{term}"*' for term in terms)
        # Table and index names come from code, never from input; the terms are a parameter.
        inside = f"{table}.id IN (SELECT rowid FROM {index} WHERE {index} MATCH %s)"  # noqa: S608
        return queryset.extra(where=[inside], params=[match])  # noqa: S610
    tsquery = " & ".join(f"{term}:*" for term in terms)
    vector = f"{table}.{vector_column}" if vector_column else f"to_tsvector('simple', {table}.search_text)"
    matches = f"{vector} @@ to_tsquery('simple', %s)"
    return queryset.extra(where=[matches], params=[tsquery])  # noqa: S610
