"""Reads of the knowledge library; every one starts from Practice.visible_to."""

from django.db.models import Prefetch, QuerySet
from django.shortcuts import get_object_or_404

from frontline.accounts.roles import Perm
from frontline.core.search import search_filter
from frontline.learning.models import Competency, Programme

from .models import Practice

LIST_FIELDS = (
    "id",
    "kind",
    "title_km",
    "title_en",
    "summary_km",
    "summary_en",
    "status",
    "published_at",
    "unit_id",
    "unit__name_km",
    "unit__name_en",
)


def practice_list(
    *,
    user,
    query: str = "",
    kind: str | None = None,
    competency_id: int | None = None,
    programme_id: int | None = None,
    perm: Perm = Perm.LEARNING_VIEW,
) -> QuerySet[Practice]:
    """Practices in scope, found by words in Khmer or English (typed with or without spaces)."""
    practices = Practice.objects.visible_to(user, perm=perm)
    if kind:
        practices = practices.filter(kind=kind)
    if competency_id:
        practices = practices.filter(competencies=competency_id)
    if programme_id:
        practices = practices.filter(programmes=programme_id)
    practices = search_filter(practices, query)
    return practices.select_related("unit").only(*LIST_FIELDS).order_by("status", "-published_at", "-id")


def practice_get(*, user, pk: int, perm: Perm = Perm.LEARNING_VIEW) -> Practice:
    practices = Practice.objects.visible_to(user, perm=perm).select_related("unit", "contributed_by", "published_by")
    practices = practices.prefetch_related(
        Prefetch("competencies", queryset=Competency.objects.order_by("code")),
        Prefetch("programmes", queryset=Programme.objects.order_by("title_en")),
    )
    return get_object_or_404(practices, pk=pk)


def filter_choices(user) -> dict:
    """The competencies and programmes to filter by: those the user may see."""
    return {
        "competencies": Competency.objects.visible_to(user).only("id", "name_km", "name_en").order_by("code"),
        "programmes": Programme.objects.visible_to(user).only("id", "title_km", "title_en").order_by("title_en"),
    }
