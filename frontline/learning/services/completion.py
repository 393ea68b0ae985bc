"""Completing an event: final attendance, the completion rule, certificates."""

import secrets

from django.db.models import Sum
from django.utils import timezone
from django.utils.translation import gettext as _

from frontline.audit.context import service
from frontline.core.formatting import format_date, format_datetime
from frontline.xapi.record import record_completed

from ..models import AssessmentKind, Certificate, Enrolment, EnrolmentStatus, EventStatus, SessionStatus, TrainingEvent
from ._common import refuse, save_clean

# Certificate numbers: unguessable, unambiguous when read aloud or typed (no 0/O, 1/I/L).
NUMBER_ALPHABET = "23456789ABCDEFGHJKMNPQRSTUVWXYZ"


def meets_rule(enrolment: Enrolment, held: int) -> tuple[float, bool]:
    """(attendance rate, completed) under the programme's completion rule."""
    programme = enrolment.event.programme
    rate = enrolment.sessions_attended / held if held else 0.0
    attended_enough = rate * 100 >= programme.min_attendance_pct - 1e-9
    passed = not programme.requires_post_test or (
        enrolment.post_score is not None and enrolment.post_score >= programme.pass_mark_pct
    )
    return rate, attended_enough and passed


@service
def event_complete(*, acting_user, event: TrainingEvent) -> TrainingEvent:
    """Close a running event: every session held or cancelled; the completion rule applied to everyone."""
    if event.status != EventStatus.RUNNING:
        raise refuse("status", _("Only a running event can be completed."), "event_not_running")
    if event.is_online:
        # Its learners complete one by one (elearning); applying the rule to everyone at once
        # would undo the completions of those who finished under it.
        raise refuse("status", _("An online course is completed by each learner, not all at once."), "online_course")
    open_sessions = list(event.sessions.filter(status=SessionStatus.PLANNED).order_by("date"))
    if open_sessions:
        days = ", ".join(format_date(session.date) for session in open_sessions)
        raise refuse(
            None,
            _("Take attendance at these sessions or cancel them first: %(days)s.") % {"days": days},
            "sessions_open",
        )
    still_open = event.tests.filter(kind=AssessmentKind.POST, closes_at__gt=timezone.now()).first()
    if still_open is not None:
        raise refuse(
            None,
            _("The post-test is open until %(moment)s: complete the event once it has closed.")
            % {"moment": format_datetime(still_open.closes_at)},
            "post_test_open",
        )
    held = event.sessions.filter(status=SessionStatus.HELD).count()
    completed = 0
    for enrolment in event.enrolments.filter(status=EnrolmentStatus.ENROLLED).select_related("event__programme"):
        rate, done = meets_rule(enrolment, held)
        enrolment.attendance_rate = round(rate, 4)
        enrolment.completed = done
        enrolment.completed_on = event.end_date if done else None
        enrolment.save(update_fields=["attendance_rate", "completed", "completed_on", "updated_at"])
        completed += done
        if done:
            record_completed(enrolment)
    save_clean(event, only=("status", "completed_count"), status=EventStatus.COMPLETED, completed_count=completed)
    from ..rollups import event_counted

    event_counted(event)
    return event


def new_certificate_number(year: int) -> str:
    return f"FL-{year}-" + "".join(secrets.choice(NUMBER_ALPHABET) for _ in range(10))


def curriculum_hours(event: TrainingEvent):
    return event.curriculum.modules.aggregate(total=Sum("hours"))["total"] or 0


@service
def certificate_issue(*, acting_user, enrolment: Enrolment, hours=None) -> Certificate:
    if not enrolment.completed:
        raise refuse(
            "enrolment",
            _("%(name)s did not complete the event: no certificate is issued.") % {"name": enrolment.person},
            "not_completed",
        )
    if Certificate.objects.filter(enrolment=enrolment).exists():
        raise refuse("enrolment", _("A certificate was already issued for this participation."), "certificate_exists")
    event, person = enrolment.event, enrolment.person
    return save_clean(
        Certificate(
            number=new_certificate_number(enrolment.completed_on.year),
            enrolment=enrolment,
            person=person,
            name_km=person.name_km,
            name_latin=person.name_latin,
            title_km=event.title_km,
            title_en=event.title_en,
            completed_on=enrolment.completed_on,
            hours=curriculum_hours(event) if hours is None else hours,
            issued_at=timezone.now(),
            issued_by=acting_user,
        )
    )


@service
def certificates_issue_all(*, acting_user, event: TrainingEvent) -> list[Certificate]:
    """Certificates for every participant who completed and holds none yet."""
    if event.status not in (EventStatus.COMPLETED, EventStatus.REPORTED):
        raise refuse(None, _("Certificates are issued once the event is completed."), "event_not_completed")
    hours = curriculum_hours(event)
    waiting = event.enrolments.filter(completed=True, certificate__isnull=True).select_related("person", "event")
    return [certificate_issue(acting_user=acting_user, enrolment=e, hours=hours) for e in waiting]


@service
def certificate_revoke(*, acting_user, certificate: Certificate, reason: str) -> Certificate:
    if certificate.is_revoked:
        raise refuse(None, _("This certificate is already revoked."), "certificate_revoked")
    if not reason.strip():
        raise refuse("reason", _("Say why the certificate is revoked."), "revoke_reason")
    return save_clean(certificate, revoked_at=timezone.now(), revoked_reason=reason.strip(), revoked_by=acting_user)
