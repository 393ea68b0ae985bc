"""Putting officials forward for events: capacity, quotas, the waiting list, withdrawal."""

import secrets
from collections import Counter

from django.db.models import Count, F
from django.utils import timezone
from django.utils.translation import gettext as _

from frontline.audit.bulk import log_changed, log_created
from frontline.audit.context import service
from frontline.people.models import Person

from ..models import Enrolment, EnrolmentStatus, EventQuota, TrainingEvent
from ._common import refuse, save_clean
from .events import ENROLLING


def participant_snapshot(person: Person) -> dict:
    """The unit and post the participant comes from, as dashboards will count them."""
    return {
        "organisation_id": person.organisation_id,
        "org_path": person.org_path,
        "area_code": person.area_code,
        "province_code": person.province_code,
        "level": person.level,
        "sex": person.sex,
    }


def matching_quota(quotas: list[EventQuota], *, area_code: str, org_path: str) -> EventQuota | None:
    """The most specific quota the participant belongs to: a unit's before an area's."""
    by_unit = [q for q in quotas if q.organisation_id and org_path.startswith(q.organisation_path)]
    if by_unit:
        return max(by_unit, key=lambda q: len(q.organisation_path))
    by_area = [q for q in quotas if q.area_id and area_code.startswith(q.area_code)]
    return max(by_area, key=lambda q: len(q.area_code)) if by_area else None


def quotas_reassign(event: TrainingEvent, quotas: list[EventQuota], *, acting_user) -> Counter:
    """Give every enrolment of `event` the quota it belongs to among `quotas` (matching_quota on
    the unit and area it came from), once the event's quotas are to change: those enrolled
    then count against the quota they fall under, and those waiting wait for its places.
    Withdrawn enrolments follow too, so none points at a quota that is gone.

    Rows are updated in bulk, one update per quota, and audited as saves would be. Returns the
    number enrolled under each quota id (None: the unreserved places). The caller holds the
    event row locked and runs in the transaction of its service."""
    enrolled: Counter = Counter()
    moved: dict[int | None, list[Enrolment]] = {}
    before = {}
    for record in event.enrolments.select_related("person"):
        quota = matching_quota(quotas, area_code=record.area_code, org_path=record.org_path)
        quota_id = quota.pk if quota else None
        if record.status == EnrolmentStatus.ENROLLED:
            enrolled[quota_id] += 1
        if record.quota_id != quota_id:
            before[record.pk] = {"quota": record.quota_id}
            record.quota_id = quota_id
            record.event = event
            moved.setdefault(quota_id, []).append(record)
    now = timezone.now()
    for quota_id, records in moved.items():
        Enrolment.objects.filter(pk__in=[r.pk for r in records]).update(quota_id=quota_id, updated_at=now)
    log_changed([r for records in moved.values() for r in records], before=before, actor=acting_user)
    return enrolled


class Places:
    """Who still fits in an event: its capacity, and each quota's places or the unreserved ones.

    Counted once from the database, then kept in memory while people are placed one after
    another (a whole imported list is placed with one count, not one per person).
    """

    def __init__(self, event: TrainingEvent):
        self.capacity = event.capacity
        self.quotas = list(event.quotas.all())
        enrolled = event.enrolments.filter(status=EnrolmentStatus.ENROLLED)
        self.by_quota = Counter(dict(enrolled.values("quota_id").annotate(n=Count("id")).values_list("quota_id", "n")))
        self.taken = sum(self.by_quota.values())
        self.unreserved = event.capacity - sum(q.places for q in self.quotas)

    def quota_for(self, snapshot: dict) -> EventQuota | None:
        return matching_quota(self.quotas, area_code=snapshot["area_code"], org_path=snapshot["org_path"])

    def fits(self, quota: EventQuota | None) -> bool:
        if self.taken >= self.capacity:
            return False
        if quota is not None:
            return self.by_quota[quota.pk] < quota.places
        return self.by_quota[None] < self.unreserved

    def take(self, quota: EventQuota | None) -> None:
        self.taken += 1
        self.by_quota[quota.pk if quota else None] += 1


def _locked(event: TrainingEvent) -> TrainingEvent:
    """The event row, locked until the transaction ends, so two enrolments cannot take one place."""
    return TrainingEvent.objects.select_for_update().get(pk=event.pk)


def _count(event: TrainingEvent, status: str, delta: int) -> None:
    field = {EnrolmentStatus.ENROLLED: "enrolled_count", EnrolmentStatus.WAITLISTED: "waitlist_count"}.get(status)
    if field:
        TrainingEvent.objects.filter(pk=event.pk).update(**{field: F(field) + delta})
        setattr(event, field, getattr(event, field) + delta)


def new_badge_code() -> str:
    return secrets.token_urlsafe(12)


@service
def event_enrol(*, acting_user, event: TrainingEvent, person: Person) -> Enrolment:
    """Put a person forward: enrolled if a place is free for them, else on the waiting list."""
    event = _locked(event)
    if event.status not in ENROLLING:
        raise refuse(None, _("This event no longer takes participants."), "event_closed")
    existing = Enrolment.objects.filter(event=event, person=person).first()
    if existing is not None and existing.status != EnrolmentStatus.WITHDRAWN:
        raise refuse("person", _("%(name)s is already enrolled in this event.") % {"name": person}, "enrolled_twice")
    snapshot = participant_snapshot(person)
    places = Places(event)
    quota = places.quota_for(snapshot)
    status = EnrolmentStatus.ENROLLED if places.fits(quota) else EnrolmentStatus.WAITLISTED
    enrolment = existing or Enrolment(event=event, person=person, badge_code=new_badge_code())
    save_clean(enrolment, status=status, quota=quota, nominated_by=acting_user, **snapshot)
    _count(event, status, +1)
    return enrolment


def promote_waiting(event: TrainingEvent) -> list[Enrolment]:
    """Give free places to the longest-waiting people who fit them (the event row locked)."""
    event = _locked(event)
    promoted = []
    places = Places(event)
    waiting_list = event.enrolments.filter(status=EnrolmentStatus.WAITLISTED).select_related("quota")
    for waiting in waiting_list.order_by("created_at", "id"):
        if places.taken >= places.capacity:
            break
        if places.fits(waiting.quota):
            places.take(waiting.quota)
            save_clean(waiting, status=EnrolmentStatus.ENROLLED)
            _count(event, EnrolmentStatus.WAITLISTED, -1)
            _count(event, EnrolmentStatus.ENROLLED, +1)
            promoted.append(waiting)
    return promoted


@service
def enrolment_withdraw(*, acting_user, enrolment: Enrolment) -> Enrolment:
    event = _locked(enrolment.event)
    if event.status not in ENROLLING:
        raise refuse(None, _("This event no longer takes changes to its participants."), "event_closed")
    # Re-read under a lock: a withdrawal sent twice at once must count once.
    enrolment = Enrolment.objects.select_for_update().get(pk=enrolment.pk)
    if enrolment.status == EnrolmentStatus.WITHDRAWN:
        return enrolment
    if enrolment.completed:
        # An online learner who completed is already counted on the dashboards and certified.
        raise refuse(None, _("This participant has completed and cannot be withdrawn."), "completed")
    if enrolment.marks.filter(present=True).exists():
        raise refuse(None, _("This participant has attended sessions and cannot be withdrawn."), "attended")
    previous = enrolment.status
    save_clean(enrolment, status=EnrolmentStatus.WITHDRAWN)
    _count(event, previous, -1)
    if previous == EnrolmentStatus.ENROLLED:
        promote_waiting(event)
    return enrolment


@service
def event_enrol_many(*, acting_user, event: TrainingEvent, people: list[Person]) -> list[Enrolment]:
    """Put a whole list forward at once (an imported participant list), in list order: each
    person enrolled while places last, the others on the waiting list. The caller has
    checked that nobody on the list is enrolled already."""
    event = _locked(event)
    if event.status not in ENROLLING:
        raise refuse(None, _("This event no longer takes participants."), "event_closed")
    places = Places(event)
    withdrawn = {e.person_id: e for e in event.enrolments.filter(status=EnrolmentStatus.WITHDRAWN, person__in=people)}
    enrolments, returning = [], []
    for person in people:
        snapshot = participant_snapshot(person)
        quota = places.quota_for(snapshot)
        status = EnrolmentStatus.ENROLLED if places.fits(quota) else EnrolmentStatus.WAITLISTED
        if status == EnrolmentStatus.ENROLLED:
            places.take(quota)
        if person.pk in withdrawn:  # put forward again: their earlier row comes back
            earlier = withdrawn[person.pk]
            returning.append(save_clean(earlier, status=status, quota=quota, nominated_by=acting_user, **snapshot))
            continue
        enrolments.append(
            Enrolment(
                event=event,
                person=person,
                status=status,
                quota=quota,
                nominated_by=acting_user,
                badge_code=new_badge_code(),
                **snapshot,
            )
        )
    Enrolment.objects.bulk_create(enrolments, batch_size=1000)
    log_created(enrolments, actor=acting_user)
    enrolments += returning
    for status in (EnrolmentStatus.ENROLLED, EnrolmentStatus.WAITLISTED):
        _count(event, status, sum(1 for e in enrolments if e.status == status))
    return enrolments
