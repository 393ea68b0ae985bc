"""Token search over a model's stored search column (see frontline.core.text)."""

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
