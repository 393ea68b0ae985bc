"""The deadline job: a concern not acknowledged, or not answered, by its deadline goes one rung
up the ladder (see voice.routing), and both units are told.

Idempotent and restartable: each concern is handled in its own transaction, under a row lock
(SKIP LOCKED where the database has it, so two runs share the work), and an Escalation is
unique per (concern, breach, level), so a breach is escalated once however often the job runs
or wherever it stopped. The escalated unit gets a fresh period for the breached deadline: a
breach there is a new breach, one rung higher.
"""

import datetime
from dataclasses import dataclass

from django.db import connection, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from frontline.audit.context import acting_as

from .. import rollups
from ..models import OPEN_STATUSES, Breach, Concern, ConcernUpdate, Escalation, Level, Notification, Status
from ..routing import unit_above


@dataclass
class EscalationRun:
    examined: int = 0
    escalated: int = 0


def _overdue_ids(now: datetime.datetime, limit: int) -> list[tuple[int, str]]:
    not_acknowledged = Concern.objects.filter(
        status=Status.RECEIVED, acknowledge_due__lt=now, merged_into__isnull=True
    ).exclude(escalation_level=Level.NATIONAL_WORKING_GROUP)
    not_answered = Concern.objects.filter(
        status__in=OPEN_STATUSES, resolve_due__lt=now, merged_into__isnull=True
    ).exclude(escalation_level=Level.NATIONAL_WORKING_GROUP)
    found = [
        (pk, Breach.ACKNOWLEDGE)
        for pk in not_acknowledged.order_by("acknowledge_due").values_list("pk", flat=True)[:limit]
    ]
    seen = {pk for pk, _breach in found}
    found += [
        (pk, Breach.RESOLVE)
        for pk in not_answered.order_by("resolve_due").values_list("pk", flat=True)[:limit]
        if pk not in seen
    ]
    return found


def _lock(pk: int) -> Concern | None:
    rows = Concern.objects.select_related("category", "authority").filter(pk=pk)
    if connection.features.has_select_for_update_skip_locked:
        return rows.select_for_update(skip_locked=True, of=("self",)).first()
    return rows.first()  # SQLite: one writer at a time anyway


def _still_breached(concern: Concern, breach: str, now) -> bool:
    if concern.merged_into_id or concern.escalation_level >= Level.NATIONAL_WORKING_GROUP:
        return False
    if breach == Breach.ACKNOWLEDGE:
        return concern.status == Status.RECEIVED and concern.acknowledge_due < now
    return concern.status in OPEN_STATUSES and concern.resolve_due < now


def escalate_one(pk: int, breach: str, now: datetime.datetime) -> bool:
    with transaction.atomic():
        concern = _lock(pk)
        if concern is None or not _still_breached(concern, breach, now):
            return False
        from_level = concern.escalation_level
        if Escalation.objects.filter(concern=concern, breach=breach, from_level=from_level).exists():
            return False
        to_level, unit = unit_above(from_level, area_code=concern.area_code, category=concern.category)
        from_unit = concern.escalated_to or concern.authority
        due = concern.acknowledge_due if breach == Breach.ACKNOWLEDGE else concern.resolve_due
        with rollups.keeping_tallies(concern):
            Escalation.objects.create(
                concern=concern,
                breach=breach,
                from_level=from_level,
                to_level=to_level,
                due_at=due,
                from_unit=from_unit,
                to_unit=unit,
            )
            concern.escalation_level = to_level
            if unit is not None:
                concern.escalated_to = unit
                concern.escalated_path = unit.path
            if breach == Breach.ACKNOWLEDGE:
                concern.acknowledge_due = now + datetime.timedelta(days=concern.category.acknowledge_days)
            else:
                concern.resolve_due = now + datetime.timedelta(days=concern.category.resolve_days)
            concern.save()
        ConcernUpdate.objects.create(
            concern=concern,
            kind=ConcernUpdate.Kind.ESCALATED,
            from_status=concern.status,
            to_status=concern.status,
            internal_note=_("%(breach)s: escalated to %(level)s.")
            % {"breach": Breach(breach).label, "level": Level(to_level).label},
            unit=unit,
        )
        for target, kind in ((unit, Notification.Kind.ESCALATED_TO), (from_unit, Notification.Kind.ESCALATED_FROM)):
            if target is not None:
                Notification.objects.create(unit=target, unit_path=target.path, concern=concern, kind=kind)
    return True


def escalate_overdue(*, now: datetime.datetime | None = None, batch: int = 500) -> EscalationRun:
    """Escalate every concern past a deadline; returns what it looked at and escalated."""
    now = now or timezone.now()
    run = EscalationRun()
    with acting_as(None):
        while True:
            overdue = _overdue_ids(now, batch)
            if not overdue:
                break
            escalated_now = 0
            for pk, breach in overdue:
                run.examined += 1
                if escalate_one(pk, breach, now):
                    escalated_now += 1
            run.escalated += escalated_now
            if escalated_now == 0:
                break  # what is left is locked by another run or no longer breached
    return run
