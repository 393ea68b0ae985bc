"""/api/v1/events, /api/v1/certificates, /api/v1/programmes: capacity development over HTTP."""

import datetime
import uuid

from django.http import Http404, HttpRequest
from django.utils.translation import gettext as _
from ninja import Field, Query, Router, Schema
from ninja.errors import HttpError
from pydantic import AwareDatetime

from frontline.accounts.roles import Perm
from frontline.core.pagination import PageParams, page_of

from .models import EventStatus, TrainingEvent
from .selectors import EVENT_SORTS, certificate_list, event_get, event_list, event_participants, programme_list
from .services.attendance import attendance_sync

events_router = Router(tags=["events"])
certificates_router = Router(tags=["certificates"])
programmes_router = Router(tags=["programmes"])


class EventOut(Schema):
    id: int
    title_km: str
    title_en: str
    start_date: datetime.date
    end_date: datetime.date
    venue: str
    area_code: str
    status: str
    delivery_mode: str
    capacity: int
    enrolled: int = Field(alias="enrolled_count")
    completed: int = Field(alias="completed_count")
    programme_id: int
    organiser: str = Field(alias="organiser.name_en")
    organiser_km: str = Field(alias="organiser.name_km")


class EventPage(Schema):
    count: int
    items: list[EventOut]


class EventFilters(PageParams):
    area: str | None = Field(None, pattern=r"^[0-9]{2,8}$")
    q: str = Field("", max_length=100)
    status: EventStatus | None = None
    programme: int | None = Field(None, ge=1, le=2**62)
    year: int | None = Field(None, ge=1990, le=2100)
    sort: str = Field("-start", pattern="^(" + "|".join(EVENT_SORTS).replace("-", "\\-") + ")$")


class ParticipantOut(Schema):
    official_id: int = Field(alias="person_id")
    family_name_km: str = Field(alias="person.family_name_km")
    given_name_km: str = Field(alias="person.given_name_km")
    family_name_latin: str = Field(alias="person.family_name_latin")
    given_name_latin: str = Field(alias="person.given_name_latin")
    sex: str
    organisation: str | None = Field(None, alias="organisation.name_en")
    organisation_km: str | None = Field(None, alias="organisation.name_km")
    area_code: str
    status: str
    attendance_rate: float | None = Field(None, alias="rate_so_far")
    pre_score: float | None = None
    post_score: float | None = None
    learning_gain: float | None = None
    completed: bool


class ParticipantPage(Schema):
    count: int
    items: list[ParticipantOut]


class CertificateOut(Schema):
    number: str
    official_id: int = Field(alias="person_id")
    event_id: int = Field(alias="enrolment.event_id")
    name_km: str
    name_latin: str
    title_km: str
    title_en: str
    completed_on: datetime.date
    hours: float
    issued_at: datetime.datetime
    revoked: bool = Field(alias="is_revoked")


class CertificatePage(Schema):
    count: int
    items: list[CertificateOut]


class CertificateFilters(PageParams):
    event: int | None = Field(None, ge=1, le=2**62)


class MarkIn(Schema):
    client_uuid: uuid.UUID
    session: int = Field(ge=1, le=2**62)
    badge: str | None = Field(None, max_length=24, pattern=r"^[A-Za-z0-9_\-]+$")
    enrolment: int | None = Field(None, ge=1, le=2**62)
    present: bool = True
    marked_at: AwareDatetime  # with its offset: a phone's local time means nothing without it


class MarksIn(Schema):
    marks: list[MarkIn] = Field(max_length=2000)


class MarkOutcome(Schema):
    client_uuid: str
    status: str
    errors: list[str]


class SyncOut(Schema):
    results: list[MarkOutcome]


@events_router.get("", response=EventPage, summary="List and search training events in scope")
def list_events(request: HttpRequest, filters: Query[EventFilters]):
    events = event_list(
        user=request.auth,
        area=filters.area,
        status=filters.status,
        programme_id=filters.programme,
        year=filters.year,
        query=filters.q,
        sort=filters.sort,
    )
    return page_of(events, filters, schema=EventOut)


@events_router.get("/{int:event_id}", response=EventOut, summary="One training event")
def get_event(request: HttpRequest, event_id: int):
    return event_get(user=request.auth, pk=event_id)


@events_router.get(
    "/{int:event_id}/participants", response=ParticipantPage, summary="An event's participants the caller may see"
)
def list_participants(request: HttpRequest, event_id: int):
    event = event_get(user=request.auth, pk=event_id)
    participants = event_participants(user=request.auth, event=event)
    return {"count": len(participants), "items": participants}


@events_router.post(
    "/{int:event_id}/attendance",
    response=SyncOut,
    summary="Send attendance marks recorded offline; each is saved, a duplicate, or rejected with reasons",
)
def sync_attendance(request: HttpRequest, event_id: int, payload: MarksIn):
    event = _event_for_marking(request.auth, event_id)
    outcomes = attendance_sync(acting_user=request.auth, event=event, marks=[mark.dict() for mark in payload.marks])
    return {"results": [outcome.__dict__ for outcome in outcomes]}


def _event_for_marking(user, event_id: int) -> TrainingEvent:
    for perm in (Perm.LEARNING_TRAIN, Perm.LEARNING_MANAGE):
        event = TrainingEvent.objects.visible_to(user, perm=perm).filter(pk=event_id).first()
        if event is not None:
            return event
    if TrainingEvent.objects.visible_to(user).filter(pk=event_id).exists():
        raise HttpError(403, _("Only the event's trainers and organisers take attendance."))
    raise Http404


@certificates_router.get("", response=CertificatePage, summary="Certificates in scope, by event")
def list_certificates(request: HttpRequest, filters: Query[CertificateFilters]):
    return page_of(certificate_list(user=request.auth, event_id=filters.event), filters)


class ProgrammeOut(Schema):
    id: int
    code: str
    title_km: str
    title_en: str
    institution: str = Field(alias="institution.name_en")
    institution_km: str = Field(alias="institution.name_km")
    min_attendance_pct: int
    requires_post_test: bool
    pass_mark_pct: int


class ProgrammePage(Schema):
    count: int
    items: list[ProgrammeOut]


class ProgrammeFilters(PageParams):
    q: str = Field("", max_length=100)


@programmes_router.get("", response=ProgrammePage, summary="Programmes in scope")
def list_programmes(request: HttpRequest, filters: Query[ProgrammeFilters]):
    return page_of(programme_list(user=request.auth, query=filters.q), filters)
