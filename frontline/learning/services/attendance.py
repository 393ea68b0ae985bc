"""Attendance: marks per session by checklist, QR code or an offline device's sync.

A mark recorded offline carries the device's id for it (client_uuid): sending it twice finds
the first and changes nothing; two devices marking the same person keep the later mark.
"""

import datetime
import uuid
from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.db.models import Count, Q
from django.utils import timezone
from django.utils.translation import gettext as _

from frontline.audit.context import service
from frontline.xapi.record import record_attended, void_attended

from ..models import (
    AttendanceMark,
    Enrolment,
    EnrolmentStatus,
    EventSession,
    EventStatus,
    MarkMethod,
    SessionStatus,
    TrainingEvent,
)
from ._common import refuse

MARKING = (EventStatus.OPEN, EventStatus.RUNNING)
# How far ahead of the server a device's clock may run before its marks are refused.
CLOCK_SKEW = datetime.timedelta(minutes=10)


def _check_markable(session: EventSession, enrolment: Enrolment, when) -> None:
    if enrolment.event_id != session.event_id:
        raise refuse("session", _("This session belongs to another event."), "session_other_event")
    if session.event.status not in MARKING:
        raise refuse(None, _("Attendance is taken only while the event is open or running."), "event_not_running")
    if session.status == SessionStatus.CANCELLED:
        raise refuse("session", _("This session was cancelled: it did not happen."), "session_cancelled")
    if when > timezone.now() + CLOCK_SKEW:
        raise refuse("marked_at", _("The mark is dated in the future: check the phone's clock."), "mark_future")
    if session.date > timezone.localdate():
        raise refuse("session", _("This session has not happened yet."), "session_future")
    if enrolment.status != EnrolmentStatus.ENROLLED:
        raise refuse("enrolment", _("Only enrolled participants are marked."), "not_enrolled")


def _recount(enrolment: Enrolment) -> None:
    attended = enrolment.marks.filter(present=True).count()
    Enrolment.objects.filter(pk=enrolment.pk).update(sessions_attended=attended)
    enrolment.sessions_attended = attended


def _held(session: EventSession) -> None:
    if session.status != SessionStatus.HELD:
        session.status = SessionStatus.HELD
        session.save(update_fields=["status", "updated_at"])


@dataclass
class MarkResult:
    mark: AttendanceMark
    created: bool
    changed: bool


@service
def attendance_mark(
    *,
    acting_user,
    session: EventSession,
    enrolment: Enrolment,
    present: bool = True,
    method: str = MarkMethod.CHECKLIST,
    client_uuid: uuid.UUID | None = None,
    marked_at=None,
) -> MarkResult:
    """Record one person present or absent at one session (idempotent for a client_uuid)."""
    marked_at = marked_at or timezone.now()
    if client_uuid is not None:
        seen = AttendanceMark.objects.filter(client_uuid=client_uuid).first()
        if seen is not None:
            return MarkResult(seen, created=False, changed=False)
    _check_markable(session, enrolment, marked_at)
    mark = AttendanceMark.objects.select_for_update().filter(session=session, enrolment=enrolment).first()
    if mark is not None and mark.marked_at > marked_at:
        return MarkResult(mark, created=False, changed=False)  # a later mark already stands
    created = mark is None
    changed = created or mark.present != present
    mark = mark or AttendanceMark(session=session, enrolment=enrolment)
    mark.present, mark.method, mark.marked_at, mark.marked_by = present, method, marked_at, acting_user
    mark.client_uuid = client_uuid or mark.client_uuid
    mark.full_clean()
    mark.save()
    _held(session)
    if changed:
        _recount(enrolment)
        if present:
            record_attended(mark)
        else:
            void_attended(mark)  # a correction: the learning record store must forget it too
    return MarkResult(mark, created=created, changed=changed)


@dataclass
class SyncOutcome:
    client_uuid: str
    status: str  # "saved", "duplicate" or "rejected"
    errors: list[str]


def attendance_sync(*, acting_user, event: TrainingEvent, marks: list[dict]) -> list[SyncOutcome]:
    """Apply marks recorded offline, each on its own: a refused mark does not hold back the others.

    Each mark: client_uuid, session id, the participant's badge code or enrolment id, present,
    marked_at. The device drops what was saved or was a duplicate and shows what was refused.
    """
    sessions = {session.pk: session for session in event.sessions.select_related("event")}
    enrolments = {e.badge_code: e for e in event.enrolments.select_related("event")}
    by_id = {e.pk: e for e in enrolments.values()}
    outcomes = []
    for item in marks:
        session = sessions.get(item.get("session"))
        enrolment = enrolments.get(item.get("badge")) or by_id.get(item.get("enrolment"))
        if session is None or enrolment is None:
            outcomes.append(SyncOutcome(str(item["client_uuid"]), "rejected", [_("Unknown session or participant.")]))
            continue
        try:
            with transaction.atomic():
                result = attendance_mark(
                    acting_user=acting_user,
                    session=session,
                    enrolment=enrolment,
                    present=item.get("present", True),
                    method=MarkMethod.OFFLINE,
                    client_uuid=item["client_uuid"],
                    marked_at=item.get("marked_at"),
                )
        except ValidationError as error:
            outcomes.append(SyncOutcome(str(item["client_uuid"]), "rejected", error.messages))
        except IntegrityError:
            # Another device sent a mark for the same person and session at the same moment:
            # one of the two stands, which is what sending it again would give.
            outcomes.append(SyncOutcome(str(item["client_uuid"]), "duplicate", []))
        else:
            status = "saved" if (result.created or result.changed) else "duplicate"
            outcomes.append(SyncOutcome(str(item["client_uuid"]), status, []))
    return outcomes


def held_sessions(event: TrainingEvent) -> int:
    return event.sessions.filter(status=SessionStatus.HELD).count()


def attendance_by_session(event: TrainingEvent) -> dict[int, int]:
    """Present count per session id."""
    rows = event.sessions.annotate(present=Count("marks", filter=Q(marks__present=True))).values_list("pk", "present")
    return dict(rows)
