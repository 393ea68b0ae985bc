"""Reads of capacity development; every one starts from a model's visible_to."""

import datetime

from django.db.models import Avg, Count, F, Prefetch, Q, QuerySet
from django.shortcuts import get_object_or_404

from frontline.accounts.policies import annotate_can
from frontline.accounts.roles import Perm
from frontline.core.search import search_filter
from frontline.geography.codes import subtree_q

from .models import (
    AttendanceMark,
    BudgetLine,
    Certificate,
    Competency,
    CurriculumModule,
    CurriculumVersion,
    Enrolment,
    EnrolmentStatus,
    EventSession,
    EventStatus,
    EventTrainer,
    Programme,
    SessionStatus,
    Trainer,
    TrainingEvent,
)

EVENT_SORTS = {
    "-start": ("-start_date", "-id"),
    "start": ("start_date", "id"),
}
EVENT_LIST_FIELDS = (
    "id",
    "title_km",
    "title_en",
    "start_date",
    "end_date",
    "venue",
    "area_id",
    "area_code",
    "status",
    "delivery_mode",
    "capacity",
    "enrolled_count",
    "completed_count",
    "programme_id",
    "organiser_id",
    "area__name_km",
    "area__name_en",
    "organiser__name_km",
    "organiser__name_en",
)


def event_list(
    *,
    user,
    area: str | None = None,
    status: str | None = None,
    programme_id: int | None = None,
    year: int | None = None,
    query: str = "",
    sort: str = "-start",
    perm: Perm = Perm.LEARNING_VIEW,
) -> QuerySet[TrainingEvent]:
    events = TrainingEvent.objects.visible_to(user, perm=perm)
    if area:
        events = events.filter(province_code=area) if len(area) == 2 else events.filter(subtree_q("area_code", area))
    if status:
        events = events.filter(status=status)
    if programme_id:
        events = events.filter(programme_id=programme_id)
    if year:
        events = events.filter(start_date__year=year)
    events = search_filter(events, query)
    return events.select_related("area", "organiser").only(*EVENT_LIST_FIELDS).order_by(*EVENT_SORTS[sort])


def event_get(
    *, user, pk: int, perm: Perm = Perm.LEARNING_VIEW, permissions: dict[str, Perm] | None = None
) -> TrainingEvent:
    """The event, 404 outside the user's scope; `permissions` names flags to read with it
    (see annotate_can)."""
    events = TrainingEvent.objects.visible_to(user, perm=perm).select_related(
        "programme", "curriculum", "area", "organiser", "funder"
    )
    if permissions:
        events = annotate_can(events, user, **permissions)
    return get_object_or_404(events, pk=pk)


# What the event page and the participants API show of each participant: reading only these
# halves the time spent making the 60 rows' enrolment, person and unit objects.
PARTICIPANT_FIELDS = (
    *("event_id", "person_id", "status", "organisation_id", "area_code", "sex", "sessions_attended"),
    *("attendance_rate", "pre_score", "post_score", "completed"),
    *("person__family_name_km", "person__given_name_km", "person__family_name_latin", "person__given_name_latin"),
    *("organisation__name_km", "organisation__name_en"),
    *("certificate__number", "certificate__enrolment_id", "certificate__revoked_at"),
)


def event_participants(*, user, event: TrainingEvent, perm: Perm = Perm.LEARNING_VIEW) -> list[Enrolment]:
    """The participants of `event` the user may see, each with `rate_so_far`, its attendance.

    Before completion the rate is attended / sessions held so far; after, the final rate. An
    online course's learners carry their rate so far (lessons done / lessons), kept by elearning.
    """
    enrolments = list(
        Enrolment.objects.visible_to(user, perm=perm)
        .filter(event=event)
        .select_related("person", "organisation", "certificate")
        .only(*PARTICIPANT_FIELDS)
        .order_by("status", "person__name_sort", "id")
    )
    held = None
    if event.status not in (EventStatus.COMPLETED, EventStatus.REPORTED) and not event.is_online:
        held = event.sessions.filter(status=SessionStatus.HELD).count()
    for enrolment in enrolments:
        enrolment.rate_so_far = _rate_so_far(enrolment, held)
        certificate = getattr(enrolment, "certificate", None)
        enrolment.certificate_number = certificate.number if certificate else ""
        enrolment.certificate_revoked = bool(certificate and certificate.is_revoked)
    return enrolments


def _rate_so_far(enrolment: Enrolment, held: int | None) -> float | None:
    if held is None:  # completed: the final rate
        return enrolment.attendance_rate
    return enrolment.sessions_attended / held if held else None


def event_sessions(event: TrainingEvent) -> QuerySet[EventSession]:
    return event.sessions.annotate(present=Count("marks", filter=Q(marks__present=True))).order_by("date", "part")


def event_trainers(event: TrainingEvent) -> QuerySet[EventTrainer]:
    return event.trainer_assignments.select_related("trainer__person", "exception_by")


def event_budget(event: TrainingEvent) -> QuerySet[BudgetLine]:
    return event.budget_lines.order_by("category")


def session_roster(*, user, session: EventSession) -> list[tuple[Enrolment, AttendanceMark | None]]:
    """The enrolled participants of a session's event and their mark at it, for the checklist."""
    enrolments = Enrolment.objects.visible_to(user, perm=Perm.LEARNING_TRAIN) | Enrolment.objects.visible_to(
        user, perm=Perm.LEARNING_MANAGE
    )
    enrolments = (
        enrolments.filter(event_id=session.event_id, status=EnrolmentStatus.ENROLLED)
        .select_related("person", "organisation")
        .order_by("person__name_sort", "id")
    )
    marks = {mark.enrolment_id: mark for mark in session.marks.all()}
    return [(enrolment, marks.get(enrolment.pk)) for enrolment in enrolments]


def programme_list(*, user, query: str = "", perm: Perm = Perm.LEARNING_VIEW) -> QuerySet[Programme]:
    programmes = Programme.objects.visible_to(user, perm=perm).select_related("institution")
    return search_filter(programmes, query).order_by("title_en")


def programme_get(*, user, pk: int, perm: Perm = Perm.LEARNING_VIEW) -> Programme:
    programmes = Programme.objects.visible_to(user, perm=perm).select_related("institution")
    return get_object_or_404(programmes, pk=pk)


def programme_versions(programme: Programme) -> list[CurriculumVersion]:
    modules = Prefetch(
        "modules", queryset=CurriculumModule.objects.prefetch_related("competencies").order_by("order", "id")
    )
    versions = programme.versions.prefetch_related(modules).annotate(taught=Count("events")).order_by("-number")
    for version in versions:
        version.total_hours = sum((module.hours for module in version.modules.all()), start=0)
    return list(versions)


def trainer_list(*, user, query: str = "") -> QuerySet[Trainer]:
    from frontline.people.models import Person

    trainers = Trainer.objects.visible_to(user).select_related("person", "institution")
    if query:
        trainers = trainers.filter(person__in=search_filter(Person.objects.all(), query).values("pk"))
    return trainers.order_by("person__name_sort")


def trainer_get(*, user, pk: int, perm: Perm = Perm.LEARNING_VIEW) -> Trainer:
    trainers = Trainer.objects.visible_to(user, perm=perm).select_related("person", "institution")
    return get_object_or_404(trainers.prefetch_related("qualifications__subject"), pk=pk)


def trainer_events(*, user, trainer: Trainer) -> QuerySet[EventTrainer]:
    visible = TrainingEvent.objects.visible_to(user).values("pk")
    return (
        trainer.events.filter(event__in=visible)
        .select_related("event")
        .annotate(rating_avg=Avg("ratings__rating"), rating_count=Count("ratings"))
        .order_by("-event__start_date")
    )


def competencies_by_domain(*, user) -> QuerySet[Competency]:
    return Competency.objects.visible_to(user).select_related("domain").order_by("domain__order", "level", "code")


def certificate_list(*, user, event_id: int | None = None) -> QuerySet[Certificate]:
    certificates = Certificate.objects.visible_to(user)
    if event_id is not None:
        certificates = certificates.filter(enrolment__event_id=event_id)
    return certificates.select_related("enrolment").order_by("number")


def certificate_get(*, user, number: str) -> Certificate:
    return get_object_or_404(
        Certificate.objects.visible_to(user).select_related("enrolment__event", "person"), number=number
    )


def upcoming(*, user, today: datetime.date, limit: int = 5) -> QuerySet[TrainingEvent]:
    events = TrainingEvent.objects.visible_to(user).filter(
        end_date__gte=today, status__in=(EventStatus.PLANNED, EventStatus.OPEN, EventStatus.RUNNING)
    )
    return events.select_related("area").only(*EVENT_LIST_FIELDS).order_by("start_date", "id")[:limit]


def event_results(event: TrainingEvent) -> dict:
    """Learning and reaction at a glance: average scores and gain, the participants' ratings of
    the event and of each trainer."""
    from .models import Evaluation, TrainerRating

    scores = event.enrolments.filter(status=EnrolmentStatus.ENROLLED).aggregate(
        pre=Avg("pre_score"),
        post=Avg("post_score"),
        gain=Avg(F("post_score") - F("pre_score")),
    )
    reaction = Evaluation.objects.filter(enrolment__event=event).aggregate(
        content=Avg("content"), relevance=Avg("relevance"), organisation=Avg("organisation"), answers=Count("id")
    )
    trainers = (
        TrainerRating.objects.filter(assignment__event=event)
        .values("assignment__trainer__person__family_name_km", "assignment__trainer__person__given_name_km")
        .annotate(average=Avg("rating"), ratings=Count("id"))
    )
    return {**scores, **reaction, "trainer_ratings": list(trainers)}
