from django.http import HttpRequest
from ninja import Field, Query, Router, Schema

from frontline.core.pagination import PageParams, page_of

from .models import OrgKind
from .selectors import SORTS, organisation_get, organisation_list

router = Router(tags=["organisations"])


class OrganisationOut(Schema):
    id: int
    code: str
    kind: str
    name_km: str
    name_en: str
    abbreviation: str
    parent_id: int | None = Field(None, description="The parent unit, when it is within the caller's scope")
    area_code: str

    @staticmethod
    def resolve_parent_id(organisation) -> int | None:
        return organisation.parent_id if organisation.parent_visible else None


class OrganisationPage(Schema):
    count: int
    items: list[OrganisationOut]


class OrganisationFilters(PageParams):
    q: str = Field("", max_length=100)
    area: str | None = Field(None, pattern=r"^[0-9]{2,8}$")
    kind: OrgKind | None = None
    sort: str = Field("tree", pattern="^(" + "|".join(SORTS).replace("-", "\\-") + ")$")


@router.get("", response=OrganisationPage, summary="List and search organisations in scope")
def list_organisations(request: HttpRequest, filters: Query[OrganisationFilters]):
    organisations = organisation_list(
        user=request.auth, query=filters.q, area=filters.area, kind=filters.kind, sort=filters.sort
    )
    return page_of(organisations, filters)


@router.get("/{int:organisation_id}", response=OrganisationOut, summary="One organisation")
def get_organisation(request: HttpRequest, organisation_id: int):
    return organisation_get(user=request.auth, pk=organisation_id)
