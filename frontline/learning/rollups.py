"""Keeping the dashboard rollups (models.rollups) in step with the records.

An event counts once it is completed. Whenever something that it contributes changes
(completion, costs, evaluations), `event_counted` computes its whole contribution again
from its own rows, takes the previous one away and adds the new one: exact, and cheap
because one event has at most a few hundred participants. `rollups_rebuild` computes
everything from the base tables (after bulk loads); `coverage_refresh` recounts the share
of each unit's officials trained in the last twelve months.

An online course (a standing event, delivery online) never completes as a whole: each learner
who completes counts in the year they completed, as a participant and as one of the course's
participants that year, and the course counts as one event in each year it had completions.
Those rows are added completion by completion (`online_completion_counted`: a national course
may have tens of thousands of learners, too many to recount on each completion). Its costs and
ratings count in the year it opened, through `event_counted` like any event's.
"""

import datetime
from collections import Counter, defaultdict
from collections.abc import Iterable

from django.db import transaction
from django.db.models import Count, F, Q, Sum
from django.utils import timezone

from frontline.core.tallies import prefixes_of
from frontline.organisations.models import PATH_SEGMENT
from frontline.people.models import Person

from .models import (
    DeliveryMode,
    Dimension,
    Enrolment,
    EnrolmentStatus,
    EventContribution,
    EventStatus,
    Rollup,
    TrainerRating,
    TrainingEvent,
    UnitCoverage,
)

PARTICIPANT_MEASURES = ("participants", "completed", "gain_sum", "gain_count")
EVENT_MEASURES = (
    "events",
    "event_participants",
    "event_completed",
    "cost_planned",
    "cost_actual",
    "rating_sum",
    "rating_count",
)
MEASURES = PARTICIPANT_MEASURES + EVENT_MEASURES
COUNTED = (EventStatus.COMPLETED, EventStatus.REPORTED)
AREA_KEY_LENGTHS = (0, 2, 4, 6, 8)
COVERAGE_DAYS = 365

RowKey = tuple[int, str, str, str, str]  # year, dimension, key, level, sex


def area_keys(code: str) -> list[str]:
    return prefixes_of(code or "", AREA_KEY_LENGTHS)


def org_keys(path: str) -> list[str]:
    return [path[:n] for n in range(PATH_SEGMENT, len(path or "") + 1, PATH_SEGMENT)]


def _spread(rows: dict, year: int, area_code: str, org_path: str, level: str, sex: str, values: dict) -> None:
    for dimension, keys in ((Dimension.AREA, area_keys(area_code)), (Dimension.ORG, org_keys(org_path))):
        for key in keys:
            rows[(year, str(dimension), key, level, sex)].update(values)


ENROLMENT_FIELDS = ("area_code", "org_path", "level", "sex", "completed", "pre_score", "post_score")


def is_counted(event: TrainingEvent) -> bool:
    """Whether the event adds to the rollups now: once completed, or from the start if online."""
    return event.delivery_mode == DeliveryMode.ONLINE or event.status in COUNTED


def contribution(event: TrainingEvent) -> dict[RowKey, Counter]:
    """What one event adds to the rollups as a whole (nothing until it is completed); for an
    online course, its costs and ratings (its learners count one by one, see the module)."""
    if not is_counted(event):
        return defaultdict(Counter)
    ratings = TrainerRating.objects.filter(assignment__event=event).aggregate(total=Sum("rating"), n=Count("id"))
    if event.delivery_mode == DeliveryMode.ONLINE:
        return _online_contribution_of(event, ratings["total"] or 0, ratings["n"])
    enrolled = event.enrolments.filter(status=EnrolmentStatus.ENROLLED).values_list(*ENROLMENT_FIELDS)
    return _contribution_of(event, list(enrolled), ratings["total"] or 0, ratings["n"])


def _online_contribution_of(event: TrainingEvent, rating_sum: int, rating_count: int):
    rows: dict[RowKey, Counter] = defaultdict(Counter)
    values = {
        "cost_planned": event.planned_cost,
        "cost_actual": event.actual_cost,
        "rating_sum": rating_sum,
        "rating_count": rating_count,
    }
    _spread(rows, event.start_date.year, event.area_code, event.organiser_path, "", "", values)
    return rows


def _online_completion_rows(event: TrainingEvent, row: tuple, year: int, *, first_in_year: bool):
    """The rows one learner's completion of an online course adds (`row`: ENROLMENT_FIELDS)."""
    area_code, org_path, level, sex, _done, pre, post = row
    rows: dict[RowKey, Counter] = defaultdict(Counter)
    values = {"participants": 1, "completed": 1}
    if pre is not None and post is not None:
        values.update(gain_sum=post - pre, gain_count=1)
    _spread(rows, year, area_code, org_path, level, sex, values)
    event_values = {"events": int(first_in_year), "event_participants": 1, "event_completed": 1}
    _spread(rows, year, event.area_code, event.organiser_path, "", "", event_values)
    return rows


@transaction.atomic
def online_completion_counted(enrolment: Enrolment) -> None:
    """Add one learner's completion of an online course to the rollups, in the year completed.

    The caller holds the course's event row locked (elearning's completion service), so two
    completions cannot both take themselves for the year's first.
    """
    event = enrolment.event
    year = enrolment.completed_on.year
    first_in_year = (
        not Enrolment.objects.filter(
            event=event, completed=True, status=EnrolmentStatus.ENROLLED, completed_on__year=year
        )
        .exclude(pk=enrolment.pk)
        .exists()
    )
    row = tuple(getattr(enrolment, field) for field in ENROLMENT_FIELDS)
    _apply(_online_completion_rows(event, row, year, first_in_year=first_in_year))
    if enrolment.person.organisation_id:
        coverage_refresh(organisation_ids=[enrolment.person.organisation_id])
    if enrolment.organisation_id:
        from .services.planning import needs_met_refresh

        needs_met_refresh(unit_ids=[enrolment.organisation_id], year=year)


def _contribution_of(event: TrainingEvent, enrolled: list[tuple], rating_sum: int, rating_count: int):
    """The rollup rows of one completed event, from its enrolled participants' rows."""
    rows: dict[RowKey, Counter] = defaultdict(Counter)
    year = event.end_date.year
    completed = 0
    for area_code, org_path, level, sex, done, pre, post in enrolled:
        values = {"participants": 1, "completed": int(done)}
        if pre is not None and post is not None:
            values.update(gain_sum=post - pre, gain_count=1)
        _spread(rows, year, area_code, org_path, level, sex, values)
        completed += done
    event_values = {
        "events": 1,
        "event_participants": len(enrolled),
        "event_completed": completed,
        "cost_planned": event.planned_cost,
        "cost_actual": event.actual_cost,
        "rating_sum": rating_sum,
        "rating_count": rating_count,
    }
    _spread(rows, year, event.area_code, event.organiser_path, "", "", event_values)
    return rows


def _serialise(rows: dict[RowKey, Counter]) -> list:
    return [[*key, {m: v for m, v in values.items() if v}] for key, values in rows.items()]


def _deserialise(stored: list) -> dict[RowKey, Counter]:
    return {tuple(row[:5]): Counter(row[5]) for row in stored}


def _apply(delta: dict[RowKey, Counter]) -> None:
    keys = [key for key, values in delta.items() if any(values.values())]
    if not keys:
        return
    existing = {
        (r.year, r.dimension, r.key, r.level, r.sex)
        for r in Rollup.objects.filter(
            Q(*[Q(year=y, dimension=d, key=k, level=lv, sex=s) for y, d, k, lv, s in keys], _connector=Q.OR)
        ).only("year", "dimension", "key", "level", "sex")
    }
    missing = [
        Rollup(year=y, dimension=d, key=k, level=lv, sex=s)
        for (y, d, k, lv, s) in keys
        if (y, d, k, lv, s) not in existing
    ]
    Rollup.objects.bulk_create(missing, ignore_conflicts=True)
    for year, dimension, key, level, sex in keys:
        values = delta[(year, dimension, key, level, sex)]
        Rollup.objects.filter(year=year, dimension=dimension, key=key, level=level, sex=sex).update(
            **{measure: F(measure) + value for measure, value in values.items() if value}
        )


@transaction.atomic
def event_counted(event: TrainingEvent, *, refresh_units: bool = True) -> None:
    """Bring the rollups in line with this event's current rows; with `refresh_units`, also the
    coverage and needs met of the participants' units (not needed when only costs or ratings
    changed)."""
    new = contribution(event)
    record, _created = EventContribution.objects.select_for_update().get_or_create(event=event)
    old = _deserialise(record.rows)
    delta: dict[RowKey, Counter] = defaultdict(Counter)
    for key, values in new.items():
        delta[key].update(values)
    for key, values in old.items():
        delta[key].subtract(values)
    _apply(delta)
    record.rows = _serialise(new)
    record.save(update_fields=["rows"])
    if refresh_units and event.delivery_mode != DeliveryMode.ONLINE:  # online: per completion
        coverage_refresh(organisation_ids=_units_of(event))
        from .services.planning import needs_met_refresh

        snapshot_units = set(event.enrolments.exclude(organisation=None).values_list("organisation_id", flat=True))
        needs_met_refresh(unit_ids=snapshot_units, year=event.end_date.year)


def _units_of(event: TrainingEvent) -> set[int]:
    people = event.enrolments.filter(status=EnrolmentStatus.ENROLLED).values("person_id")
    return set(
        Person.objects.filter(pk__in=people, organisation__isnull=False).values_list("organisation_id", flat=True)
    )


def rollups_rebuild() -> None:
    """Recompute every rollup and event contribution from the base tables (after bulk loads):
    one pass over the enrolments in event order, not a query per event."""
    face_to_face = ~Q(delivery_mode=DeliveryMode.ONLINE)
    events = {
        event.pk: event
        for event in TrainingEvent.objects.filter(face_to_face, status__in=COUNTED).only(
            "pk", "status", "end_date", "area_code", "organiser_path", "planned_cost", "actual_cost"
        )
    }
    ratings = {
        event_id: (total, n)
        for event_id, total, n in TrainerRating.objects.values("assignment__event_id")
        .annotate(total=Sum("rating"), n=Count("id"))
        .values_list("assignment__event_id", "total", "n")
    }
    enrolments = (
        Enrolment.objects.filter(status=EnrolmentStatus.ENROLLED, event__status__in=COUNTED)
        .exclude(event__delivery_mode=DeliveryMode.ONLINE)
        .order_by("event_id")
        .values_list("event_id", *ENROLMENT_FIELDS)
        .iterator(chunk_size=20_000)
    )
    totals: dict[RowKey, Counter] = defaultdict(Counter)
    contributions = []

    def close(event_id: int, rows: list[tuple]) -> None:
        event = events.pop(event_id)
        contribution_rows = _contribution_of(event, rows, *ratings.get(event_id, (0, 0)))
        for key, values in contribution_rows.items():
            totals[key].update(values)
        contributions.append(EventContribution(event_id=event_id, rows=_serialise(contribution_rows)))

    current, rows = None, []
    for event_id, *row in enrolments:
        if event_id != current:
            if current is not None:
                close(current, rows)
            current, rows = event_id, []
        rows.append(tuple(row))
    if current is not None:
        close(current, rows)
    for event_id in list(events):  # completed with no participant
        close(event_id, [])
    contributions += _online_totals(totals, ratings)
    with transaction.atomic():
        Rollup.objects.all().delete()
        EventContribution.objects.all().delete()
        Rollup.objects.bulk_create(
            [
                Rollup(year=y, dimension=d, key=k, level=lv, sex=s, **values)
                for (y, d, k, lv, s), values in totals.items()
                if any(values.values())  # as _apply, which never adds a row of zeros
            ],
            batch_size=2000,
        )
        EventContribution.objects.bulk_create(contributions, batch_size=1000)
    coverage_refresh()
    from .services.planning import needs_met_refresh

    needs_met_refresh()


def _online_totals(totals: dict[RowKey, Counter], ratings: dict) -> list[EventContribution]:
    """Add every online course's rows to `totals`: its costs and ratings (returned as its
    contribution) and its learners' completions, each in the year completed."""
    courses = {
        event.pk: event
        for event in TrainingEvent.objects.filter(delivery_mode=DeliveryMode.ONLINE).only(
            "pk", "status", "delivery_mode", "start_date", "area_code", "organiser_path", "planned_cost", "actual_cost"
        )
    }
    contributions = []
    for event_id, event in courses.items():
        rows = _online_contribution_of(event, *ratings.get(event_id, (0, 0)))
        for key, values in rows.items():
            totals[key].update(values)
        contributions.append(EventContribution(event_id=event_id, rows=_serialise(rows)))
    completions = (
        Enrolment.objects.filter(event_id__in=courses, completed=True, status=EnrolmentStatus.ENROLLED)
        .order_by("event_id", "completed_on", "id")
        .values_list("event_id", "completed_on", *ENROLMENT_FIELDS)
        .iterator(chunk_size=20_000)
    )
    seen_years: set[tuple[int, int]] = set()
    for event_id, completed_on, *row in completions:
        first_in_year = (event_id, completed_on.year) not in seen_years
        seen_years.add((event_id, completed_on.year))
        rows = _online_completion_rows(courses[event_id], tuple(row), completed_on.year, first_in_year=first_in_year)
        for key, values in rows.items():
            totals[key].update(values)
    return contributions


def coverage_refresh(*, organisation_ids: Iterable[int] | None = None, as_of: datetime.date | None = None) -> None:
    """Recount, per unit, its officials and those of them who completed training in the last
    twelve months (all units when organisation_ids is None)."""
    as_of = as_of or timezone.localdate()
    since = as_of - datetime.timedelta(days=COVERAGE_DAYS)
    officials = Person.objects.officials()
    trained = Enrolment.objects.filter(completed=True, completed_on__gt=since, completed_on__lte=as_of)
    if organisation_ids is not None:
        organisation_ids = list(organisation_ids)
        if not organisation_ids:
            return
        officials = officials.filter(organisation_id__in=organisation_ids)
        trained = trained.filter(person__organisation_id__in=organisation_ids)
    counts = {
        row["organisation_id"]: row
        for row in officials.values("organisation_id", "organisation__path", "organisation__area_code").annotate(
            n=Count("id")
        )
    }
    trained_by_unit = dict(
        trained.values("person__organisation_id")
        .annotate(n=Count("person_id", distinct=True))
        .values_list("person__organisation_id", "n")
    )
    records = [
        UnitCoverage(
            organisation_id=unit,
            org_path=row["organisation__path"],
            area_code=row["organisation__area_code"],
            province_code=row["organisation__area_code"][:2],
            officials=row["n"],
            trained=trained_by_unit.get(unit, 0),
            as_of=as_of,
        )
        for unit, row in counts.items()
    ]
    with transaction.atomic():
        # Units left with no officials drop out; the others are written in place (an upsert),
        # so two events completing at once over the same unit cannot collide on its row.
        gone = UnitCoverage.objects.exclude(organisation_id__in=list(counts))
        if organisation_ids is not None:
            gone = gone.filter(organisation_id__in=organisation_ids)
        gone.delete()
        UnitCoverage.objects.bulk_create(
            records,
            batch_size=2000,
            update_conflicts=True,
            unique_fields=["organisation"],
            update_fields=["org_path", "area_code", "province_code", "officials", "trained", "as_of"],
        )
