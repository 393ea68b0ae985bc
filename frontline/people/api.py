import datetime

from django.core.exceptions import ValidationError
from django.http import HttpRequest
from django.utils.translation import gettext as _
from ninja import Field, Query, Router, Schema, Status

from frontline.accounts.roles import Perm
from frontline.core.pagination import PageParams, page_of
from frontline.organisations.models import Organisation

from . import services
from .models import PostLevel, Sex
from .selectors import SORTS, official_get, official_list, official_total

router = Router(tags=["officials"])


class OfficialOut(Schema):
    id: int
    family_name_km: str
    given_name_km: str
    family_name_latin: str
    given_name_latin: str
    sex: str
    organisation_id: int | None
    organisation: str | None = Field(None, alias="organisation.name_en")
    organisation_km: str | None = Field(None, alias="organisation.name_km")
    position: str
    level: str
    area_code: str


class OfficialPage(Schema):
    count: int
    items: list[OfficialOut]


class PostOut(Schema):
    id: int
    organisation_id: int
    organisation: str = Field(alias="organisation.name_en")
    organisation_km: str = Field(alias="organisation.name_km")
    position: str
    grade: str
    level: str
    start_date: datetime.date
    end_date: datetime.date | None


class OfficialDetail(OfficialOut):
    birth_date: datetime.date | None
    phone: str
    national_id: str | None
    posts: list[PostOut]


class OfficialFilters(PageParams):
    area: str | None = Field(None, pattern=r"^[0-9]{2,8}$")
    q: str = Field("", max_length=100)
    organisation: int | None = Field(None, ge=1, le=2**62)
    sex: Sex | None = None
    level: PostLevel | None = None
    sort: str = Field("name", pattern="^(" + "|".join(SORTS).replace("-", "\\-") + ")$")


class OfficialIn(Schema):
    family_name_km: str = Field(min_length=1, max_length=80)
    given_name_km: str = Field(min_length=1, max_length=80)
    family_name_latin: str = Field("", max_length=80)
    given_name_latin: str = Field("", max_length=80)
    sex: Sex
    birth_date: datetime.date | None = None
    phone: str = Field("", max_length=20)
    national_id: str | None = Field(None, max_length=20)
    organisation_id: int = Field(ge=1, le=2**62)
    position: str = Field(min_length=1, max_length=120)
    grade: str = Field("", max_length=20)
    level: PostLevel
    start_date: datetime.date


@router.get("", response=OfficialPage, summary="List and search officials in scope")
def list_officials(request: HttpRequest, filters: Query[OfficialFilters]):
    narrowing = {
        "area": filters.area,
        "organisation_id": filters.organisation,
        "sex": filters.sex,
        "level": filters.level,
        "query": filters.q,
    }
    officials = official_list(user=request.auth, sort=filters.sort, **narrowing)
    return page_of(officials, filters, count=official_total(officials, user=request.auth, **narrowing))


@router.get("/{int:official_id}", response=OfficialDetail, summary="One official with the post history")
def get_official(request: HttpRequest, official_id: int):
    return official_get(user=request.auth, pk=official_id)


@router.post("", response={201: OfficialDetail}, summary="Register an official with their current post")
def create_official(request: HttpRequest, payload: OfficialIn):
    # Without officials.change anywhere, no organisation is in scope: the same field error as
    # for one outside it, so the answer says nothing more about the caller's rights.
    organisation = (
        Organisation.objects.visible_to(request.auth, perm=Perm.OFFICIALS_CHANGE)
        .filter(pk=payload.organisation_id)
        .first()
    )
    if organisation is None:
        raise ValidationError({"organisation_id": [_("Choose an organisation within your scope.")]})
    person = services.official_create(
        acting_user=request.auth, organisation=organisation, **payload.dict(exclude={"organisation_id"})
    )
    return Status(201, official_get(user=request.auth, pk=person.pk))
