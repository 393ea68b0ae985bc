"""Taking attendance at a session: a checklist that works on a phone, QR badges, offline."""

import segno
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from frontline.accounts.policies import can
from frontline.accounts.roles import Perm

from .. import selectors
from ..models import Enrolment, EnrolmentStatus, EventSession, MarkMethod, TrainingEvent
from ..services.attendance import attendance_mark


def _markable_event(user, pk: int) -> TrainingEvent:
    """The event, if the user trains or manages it; 404 otherwise."""
    event = selectors.event_get(user=user, pk=pk)
    if not (can(user, Perm.LEARNING_TRAIN, event) or can(user, Perm.LEARNING_MANAGE, event)):
        raise Http404
    return event


@login_required
def session_attendance(request, pk: int, session_id: int):
    event = _markable_event(request.user, pk)
    session = get_object_or_404(EventSession, pk=session_id, event=event)
    if request.method == "POST":
        return _mark_from_form(request, event, session)
    roster = selectors.session_roster(user=request.user, session=session)
    context = {
        "event": event,
        "session": session,
        "roster": roster,
        "present": sum(1 for _enrolment, mark in roster if mark and mark.present),
        "sessions": event.sessions.order_by("date", "part"),
    }
    return render(request, "learning/attendance.html", context)


def _mark_from_form(request, event, session):
    """The checklist without JavaScript: one participant per submit (by id or scanned badge)."""
    badge = request.POST.get("badge", "").strip()[:24]
    enrolment_id = request.POST.get("enrolment", "")
    enrolments = event.enrolments.filter(status=EnrolmentStatus.ENROLLED).select_related("person")
    if badge:
        enrolment = enrolments.filter(badge_code=badge).first()
    elif enrolment_id.isascii() and enrolment_id.isdigit() and len(enrolment_id) < 18:
        enrolment = enrolments.filter(pk=int(enrolment_id)).first()
    else:
        enrolment = None
    if enrolment is None:
        messages.error(request, _("No enrolled participant of this event has this badge."))
    else:
        try:
            attendance_mark(
                acting_user=request.user,
                session=session,
                enrolment=enrolment,
                present=request.POST.get("present", "1") == "1",
                method=MarkMethod.QR if badge else MarkMethod.CHECKLIST,
            )
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
        else:
            messages.success(request, _("%(name)s is marked.") % {"name": enrolment.person})
    return redirect("learning:attendance", pk=event.pk, session_id=session.pk)


@login_required
def event_badges(request, pk: int):
    """Printable badges: each participant's name and QR code, scanned at the door."""
    event = _markable_event(request.user, pk)
    enrolments = (
        (
            Enrolment.objects.visible_to(request.user, perm=Perm.LEARNING_TRAIN)
            | Enrolment.objects.visible_to(request.user, perm=Perm.LEARNING_MANAGE)
        )
        .filter(event=event, status=EnrolmentStatus.ENROLLED)
        .select_related("person", "organisation")
    )
    badges = [
        (enrolment, segno.make(enrolment.badge_code, error="m").svg_inline(scale=4, border=1))
        for enrolment in enrolments.order_by("person__name_sort")
    ]
    return render(request, "learning/badges.html", {"event": event, "badges": badges})


@login_required
@require_POST
def session_status(request, pk: int, session_id: int):
    from ..models import SessionStatus
    from ..services.events import session_set_status

    event = selectors.event_get(user=request.user, pk=pk, perm=Perm.LEARNING_MANAGE)
    session = get_object_or_404(EventSession, pk=session_id, event=event)
    status = request.POST.get("status")
    if status not in SessionStatus.values:
        raise Http404
    try:
        session_set_status(acting_user=request.user, session=session, status=status)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    return redirect("learning:event", pk=event.pk)
