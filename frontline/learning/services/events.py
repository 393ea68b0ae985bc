"""Training events: creation, dates and sessions, status, quotas, budget, trainers."""

import datetime
from collections import Counter

from django.core.exceptions import ValidationError
from django.db.models import Count, Sum
from django.utils.translation import gettext as _

from frontline.audit.context import service
from frontline.core.formatting import format_number, localized
from frontline.core.text import search_document

from ..models import (
    BudgetLine,
    CurriculumVersion,
    EnrolmentStatus,
    EventQuota,
    EventSession,
    EventStatus,
    EventTrainer,
    Programme,
    SessionPart,
    SessionStatus,
    Trainer,
    TrainingEvent,
)
from ._common import refuse, save_clean
from .trainers import missing_subjects, subject_names, unqualified_assignments

# What the planning forms change; the counters (enrolled, waiting, completed, costs) are kept
# by their own services and never saved from an event object that may be stale.
EVENT_FIELDS = (
    "title_km",
    "title_en",
    "start_date",
    "end_date",
    "venue",
    "area",
    "organiser",
    "funder",
    "opening_guests",
    "capacity",
)

# What trainer_assign checks a trainer's qualifications against on the event's dates:
# changing one rechecks the trainers already assigned.
QUALIFYING_FIELDS = ("start_date", "end_date")

# Which status may follow which. Completing and reporting have their own services (completion).
TRANSITIONS = {
    EventStatus.PLANNED: {EventStatus.OPEN, EventStatus.CANCELLED},
    EventStatus.OPEN: {EventStatus.PLANNED, EventStatus.RUNNING, EventStatus.CANCELLED},
    EventStatus.RUNNING: {EventStatus.COMPLETED, EventStatus.CANCELLED},
    EventStatus.COMPLETED: {EventStatus.REPORTED},
    EventStatus.REPORTED: set(),
    EventStatus.CANCELLED: set(),
}
# While these hold, people can still be put forward and the plan can still change.
ENROLLING = (EventStatus.PLANNED, EventStatus.OPEN, EventStatus.RUNNING)


DERIVED_FIELDS = ("area_code", "province_code", "organiser_path", "funder_path", "search_text")


def _derive(event: TrainingEvent) -> None:
    event.area_code = event.area_id or ""
    event.province_code = event.area_code[:2]
    event.organiser_path = event.organiser.path if event.organiser_id else ""
    event.funder_path = event.funder.path if event.funder_id else ""
    event.search_text = search_document(event.title_km, event.title_en, event.venue, event.programme.code)


def _check_dates(start_date, end_date) -> None:
    if start_date and end_date and end_date < start_date:
        raise refuse("end_date", _("The event cannot end before it starts."), "event_dates")


def curriculum_for(programme: Programme, day: datetime.date) -> CurriculumVersion | None:
    """The version in use on `day`: the newest that took effect by then, else the first one."""
    versions = programme.versions.order_by("-number")
    return versions.filter(effective_from__lte=day).first() or versions.last()


def _days(start_date: datetime.date, end_date: datetime.date) -> list[datetime.date]:
    return [start_date + datetime.timedelta(days=n) for n in range((end_date - start_date).days + 1)]


def _fit_sessions(event: TrainingEvent) -> None:
    """One session per day of the event; sessions outside its dates go unless attendance was taken.

    An online course has no sessions: its lessons stand in for them (frontline.elearning).
    """
    if event.is_online:
        return
    outside = event.sessions.exclude(date__range=(event.start_date, event.end_date))
    if outside.filter(marks__isnull=False).exists():
        raise refuse(
            "start_date",
            _("Attendance was taken on a day outside the new dates: keep those days in the event."),
            "event_dates_attendance",
        )
    outside.delete()
    existing = set(event.sessions.values_list("date", flat=True))
    for day in _days(event.start_date, event.end_date):
        if day not in existing:
            save_clean(EventSession(event=event, date=day, part=SessionPart.DAY))


@service
def event_create(
    *, acting_user, programme: Programme, curriculum: CurriculumVersion | None = None, target_groups=(), **fields
) -> TrainingEvent:
    _check_dates(fields.get("start_date"), fields.get("end_date"))
    curriculum = curriculum or curriculum_for(programme, fields["start_date"])
    if curriculum is None:
        raise refuse("programme", _("This programme has no curriculum yet: add a version first."), "no_curriculum")
    if curriculum.programme_id != programme.pk:
        raise refuse("curriculum", _("Choose a curriculum version of this programme."), "curriculum_programme")
    fields.setdefault("title_km", programme.title_km)
    fields.setdefault("title_en", programme.title_en)
    event = TrainingEvent(programme=programme, curriculum=curriculum, **fields)
    _derive(event)
    save_clean(event)
    event.target_groups.set(target_groups)
    _fit_sessions(event)
    return event


def _open_for_changes(event: TrainingEvent) -> None:
    if event.status not in ENROLLING:
        raise refuse(None, _("A completed or cancelled event can no longer change."), "event_closed")


@service
def event_update(*, acting_user, event: TrainingEvent, target_groups=None, **fields) -> TrainingEvent:
    _open_for_changes(event)
    for name in fields:
        if name not in EVENT_FIELDS:
            raise ValueError(f"{name} cannot be changed here")
    _check_dates(fields.get("start_date", event.start_date), fields.get("end_date", event.end_date))
    # The row locked, as enrolling and quota changes lock it: the checks below read the current
    # number enrolled, quotas and trainers, and none of them changes until this commits.
    from .enrolment import _locked  # enrolment imports this module

    event.enrolled_count = _locked(event).enrolled_count
    if fields.get("capacity", event.capacity) < event.enrolled_count:
        raise refuse(
            "capacity",
            _("%(n)s people are already enrolled: the capacity cannot be lower.")
            % {"n": format_number(event.enrolled_count)},
            "capacity_below_enrolled",
        )
    _check_quotas_fit(event, fields.get("capacity", event.capacity))
    if any(name in fields and fields[name] != getattr(event, name) for name in QUALIFYING_FIELDS):
        _check_trainers_still_qualified(
            event, first_day=fields.get("start_date", event.start_date), last_day=fields.get("end_date", event.end_date)
        )
    for name, value in fields.items():
        setattr(event, name, value)
    _derive(event)
    save_clean(event, only=(*EVENT_FIELDS, *DERIVED_FIELDS))
    if target_groups is not None:
        event.target_groups.set(target_groups)
    _fit_sessions(event)
    _offer_freed_places(event)
    return event


def _check_trainers_still_qualified(event: TrainingEvent, *, first_day: datetime.date, last_day: datetime.date) -> None:
    """trainer_assign's rule again, for the event as an update would leave it: new dates must
    not leave an assigned trainer teaching without a qualification the programme requires,
    unless an exception for that trainer was recorded on this event. Checked before anything
    is set or saved, so a refusal changes nothing."""
    unqualified = unqualified_assignments(event.trainer_assignments.all(), event.programme, days=(first_day, last_day))
    problems = [
        ValidationError(
            _(
                "%(trainer)s holds no valid qualification in %(subjects)s on the new dates: assign another "
                "trainer, or record why they may teach anyway."
            )
            % {"trainer": assignment.trainer.person.display_name, "subjects": subject_names(missing)},
            code="trainer_unqualified_on_dates",
        )
        for assignment, missing in unqualified
    ]
    if problems:
        raise ValidationError({"start_date": problems})


def _offer_freed_places(event: TrainingEvent) -> None:
    """More capacity or a bigger quota: the longest waiting get the new places."""
    from .enrolment import promote_waiting

    promote_waiting(event)


@service
def event_transition(*, acting_user, event: TrainingEvent, status: str, reason: str = "") -> TrainingEvent:
    """Move an event along its life: planned, open, running, completed, reported (or cancelled)."""
    if status not in TRANSITIONS.get(event.status, set()):
        raise refuse(
            "status",
            _("An event that is %(current)s cannot become %(next)s.")
            % {"current": event.get_status_display(), "next": EventStatus(status).label},
            "event_transition",
        )
    if status == EventStatus.CANCELLED and not reason.strip():
        raise refuse("reason", _("Say why the event is cancelled."), "cancel_reason")
    if status == EventStatus.COMPLETED:
        from .completion import event_complete

        return event_complete(acting_user=acting_user, event=event)
    event.status = status
    if status == EventStatus.CANCELLED:
        event.cancel_reason = reason.strip()
    return save_clean(event, only=("status", "cancel_reason"))


def _check_quotas_fit(event: TrainingEvent, capacity: int, *, replacing: EventQuota | None = None, places: int = 0):
    others = event.quotas.exclude(pk=replacing.pk) if replacing and replacing.pk else event.quotas.all()
    reserved = (others.aggregate(total=Sum("places"))["total"] or 0) + places
    if reserved > capacity:
        raise refuse(
            "places",
            _("The quotas would add up to %(reserved)s places, more than the event's capacity of %(capacity)s.")
            % {"reserved": format_number(reserved), "capacity": format_number(capacity)},
            "quota_over_capacity",
        )


@service
def quota_set(*, acting_user, event: TrainingEvent, places: int, area=None, organisation=None) -> EventQuota | None:
    """Set aside `places` for an area or a unit (0 removes the quota).

    The people already enrolled or waiting follow at once (quotas_reassign): each counts
    against the quota it now belongs to, the most specific one (a unit's before an area's),
    so a new quota takes in the enrolled people it covers and a removed one hands them to the
    next quota that covers them, or to the unreserved places. Refused when the enrolled people
    a quota would then hold outnumber its places; nothing changes then (one transaction).
    """
    from .enrolment import _locked, quotas_reassign

    event = _locked(event)  # no enrolment takes a place while the places are redrawn
    if event.status not in ENROLLING:
        raise refuse(None, _("A completed or cancelled event can no longer change."), "event_closed")
    if (area is None) == (organisation is None):
        raise refuse("area", _("A quota is for one area or for one unit."), "quota_target")
    quota = EventQuota.objects.filter(event=event, area=area, organisation=organisation).first()
    if places == 0 and quota is None:
        return None
    if places:
        _check_quotas_fit(event, event.capacity, replacing=quota, places=places)
        quota = quota or EventQuota(event=event, area=area, organisation=organisation)
        save_clean(
            quota,
            places=places,
            area_code=area.code if area else "",
            organisation_path=organisation.path if organisation else "",
        )
    remaining = [q for q in event.quotas.select_related("area", "organisation") if places or q.pk != quota.pk]
    enrolled_before = Counter(
        dict(
            event.enrolments.filter(status=EnrolmentStatus.ENROLLED)
            .values("quota_id")
            .annotate(n=Count("id"))
            .values_list("quota_id", "n")
        )
    )
    enrolled = quotas_reassign(event, remaining, acting_user=acting_user)
    for held in remaining:
        name = localized(held.area or held.organisation)
        n = enrolled[held.pk]
        if held.pk == quota.pk and n > held.places:
            raise refuse(
                "places",
                _("%(n)s people already enrolled come from %(name)s: this quota needs at least as many places.")
                % {"n": format_number(n), "name": name},
                "quota_below_used",
            )
        # Another quota the change fills beyond its places (a unit's quota removed, its people
        # falling back to their province's); one already over them before is not this change's doing.
        if held.pk != quota.pk and n > held.places and n > enrolled_before[held.pk]:
            raise refuse(
                "places",
                _(
                    "%(n)s people already enrolled would then count against the quota of %(name)s, which has "
                    "only %(places)s places."
                )
                % {"n": format_number(n), "name": name, "places": format_number(held.places)},
                "quota_overfilled",
            )
    if places == 0:
        quota.delete()
        quota = None
    _offer_freed_places(event)
    return quota


@service
def session_add(*, acting_user, event: TrainingEvent, date, part: str = SessionPart.DAY, topic: str = ""):
    _open_for_changes(event)
    if not (event.start_date <= date <= event.end_date):
        raise refuse("date", _("The session must fall within the event's dates."), "session_outside_event")
    if part != SessionPart.DAY:
        # Splitting a day into morning and afternoon replaces its full-day session.
        event.sessions.filter(date=date, part=SessionPart.DAY, marks__isnull=True).delete()
    return save_clean(EventSession(event=event, date=date, part=part, topic=topic))


@service
def session_set_status(*, acting_user, session: EventSession, status: str) -> EventSession:
    _open_for_changes(session.event)
    if status == SessionStatus.CANCELLED and session.marks.exists():
        raise refuse("status", _("Attendance was taken at this session, so it cannot be cancelled."), "session_marked")
    return save_clean(session, status=status)


def _recount_rollups(event: TrainingEvent) -> None:
    """A counted event's dashboard contribution follows later changes (costs, evaluations)."""
    from ..rollups import event_counted, is_counted

    if is_counted(event):
        event_counted(event)


def _recount_costs(event: TrainingEvent) -> None:
    totals = event.budget_lines.aggregate(planned=Sum("planned"), actual=Sum("actual"))
    event.planned_cost = totals["planned"] or 0
    event.actual_cost = totals["actual"] or 0
    event.save(update_fields=["planned_cost", "actual_cost", "updated_at"])


@service
def budget_line_set(
    *, acting_user, event: TrainingEvent, category: str, planned: int, actual: int | None = None, note: str = ""
) -> BudgetLine:
    if event.status in (EventStatus.REPORTED, EventStatus.CANCELLED):
        raise refuse(None, _("The costs of a reported or cancelled event can no longer change."), "costs_closed")
    line = BudgetLine.objects.filter(event=event, category=category).first() or BudgetLine(
        event=event, category=category
    )
    save_clean(line, planned=planned, actual=actual, note=note)
    _recount_costs(event)
    _recount_rollups(event)
    return line


@service
def trainer_assign(
    *, acting_user, event: TrainingEvent, trainer: Trainer, role: str, exception_reason: str = ""
) -> EventTrainer:
    """Assign a trainer; one lacking a required qualification needs a recorded exception."""
    _open_for_changes(event)
    if event.trainer_assignments.filter(trainer=trainer).exists():
        raise refuse("trainer", _("This trainer is already assigned to the event."), "trainer_assigned")
    missing = missing_subjects(trainer, event.programme, event.start_date, event.end_date)
    reason = exception_reason.strip()
    if missing and not reason:
        raise refuse(
            "exception_reason",
            _("The trainer holds no valid qualification in: %(subjects)s. Record why they may teach anyway.")
            % {"subjects": subject_names(missing)},
            "trainer_unqualified",
        )
    return save_clean(
        EventTrainer(
            event=event,
            trainer=trainer,
            role=role,
            exception_reason=reason if missing else "",
            exception_by=acting_user if missing else None,
        )
    )


EXCEPTION_REASON_LIMIT = 2000


@service
def trainer_exception_record(*, acting_user, assignment: EventTrainer, reason: str) -> EventTrainer:
    """Record why an assigned trainer may teach without a qualification the programme requires
    (on new dates, say): the event's dates can then move without that trainer being refused."""
    _open_for_changes(assignment.event)
    reason = reason.strip()
    if not reason:
        raise refuse("reason", _("Say why this trainer may teach anyway."), "exception_reason_missing")
    if len(reason) > EXCEPTION_REASON_LIMIT:
        raise refuse(
            "reason",
            _("At most %(limit)s characters.") % {"limit": format_number(EXCEPTION_REASON_LIMIT)},
            "exception_reason_long",
        )
    assignment.exception_reason = reason
    assignment.exception_by = acting_user
    return save_clean(assignment)


@service
def trainer_unassign(*, acting_user, assignment: EventTrainer) -> None:
    _open_for_changes(assignment.event)
    if assignment.ratings.exists():
        raise refuse(None, _("Participants have rated this trainer: the assignment stays."), "trainer_rated")
    assignment.delete()
