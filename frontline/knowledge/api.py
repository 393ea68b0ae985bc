"""/api/v1/practices: the knowledge library over HTTP (search in Khmer or English)."""

import datetime

from django.http import HttpRequest
from ninja import Field, Query, Router, Schema

from frontline.core.pagination import PageParams, page_of

from .models import PracticeKind
from .selectors import practice_get, practice_list

router = Router(tags=["knowledge"])


class PracticeOut(Schema):
    id: int
    kind: str
    status: str
    title_km: str
    title_en: str
    summary_km: str
    summary_en: str
    unit_id: int
    unit: str = Field(alias="unit.name_en")
    unit_km: str = Field(alias="unit.name_km")
    published_at: datetime.datetime | None = None


class PracticeDetailOut(PracticeOut):
    body_km: str
    body_en: str
    competencies: list[str]
    programmes: list[int]

    @staticmethod
    def resolve_competencies(practice) -> list[str]:
        return [competency.code for competency in practice.competencies.all()]

    @staticmethod
    def resolve_programmes(practice) -> list[int]:
        return [programme.pk for programme in practice.programmes.all()]


class PracticePage(Schema):
    count: int
    items: list[PracticeOut]


class PracticeFilters(PageParams):
    q: str = Field("", max_length=100)
    kind: PracticeKind | None = None
    competency: int | None = Field(None, ge=1, le=2**62)
    programme: int | None = Field(None, ge=1, le=2**62)


@router.get("", response=PracticePage, summary="Search the knowledge library (practices in scope)")
def list_practices(request: HttpRequest, filters: Query[PracticeFilters]):
    practices = practice_list(
        user=request.auth,
        query=filters.q,
        kind=filters.kind,
        competency_id=filters.competency,
        programme_id=filters.programme,
    )
    return page_of(practices, filters)


@router.get("/{int:practice_id}", response=PracticeDetailOut, summary="One practice")
def get_practice(request: HttpRequest, practice_id: int):
    return practice_get(user=request.auth, pk=practice_id)
