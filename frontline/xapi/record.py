"""Writing xAPI statements. The services that record an activity call these (not signals): the
statement is part of the same write, in the same transaction, or of none.

Activity ids are the public addresses of the event or online course (FRONTLINE_PUBLIC_URL),
always in the default language so that an activity keeps one id whatever the page language.
"""

import uuid
from dataclasses import dataclass

from django.conf import settings
from django.urls import reverse
from django.utils import timezone, translation

from .models import ActivityType, Statement, Verb

PLATFORM = "Frontline"


@dataclass(frozen=True)
class Activity:
    id: str
    type: str
    name_km: str
    name_en: str


def public_url(path: str) -> str:
    return settings.FRONTLINE_PUBLIC_URL.rstrip("/") + path


def stable_url(name: str, *args) -> str:
    """The public address of a page, in the default language whatever the current one."""
    with translation.override(settings.LANGUAGE_CODE):
        return public_url(reverse(name, args=args))


def extension(name: str) -> str:
    """The IRI of one of Frontline's own context extensions."""
    return public_url(f"/xapi/extensions/{name}")


def event_activity(event) -> Activity:
    """The activity of an event: the online course it runs, when it is one (the course says
    what it is, see elearning.models.Course.xapi_activity), else the event's own page."""
    course = getattr(event, "course", None) if event.is_online else None
    if course is not None:
        return course.xapi_activity()
    return Activity(stable_url("learning:event", event.pk), ActivityType.MEETING, event.title_km, event.title_en)


def registration(enrolment) -> str:
    """xAPI's registration: one stable UUID per enrolment, grouping a learner's statements on it."""
    return str(uuid.uuid5(uuid.NAMESPACE_URL, public_url(f"/enrolments/{enrolment.pk}")))


def _context(enrolment, *, parent: Activity | None = None, extensions: dict | None = None) -> dict:
    programme = enrolment.event.programme
    activities = {"grouping": [{"objectType": "Activity", "id": stable_url("verify_programme", programme.code)}]}
    if parent is not None:
        activities["parent"] = [{"objectType": "Activity", "id": parent.id}]
    context = {
        "registration": registration(enrolment),
        "platform": PLATFORM,
        "language": settings.LANGUAGE_CODE,
        "contextActivities": activities,
    }
    if extensions:
        context["extensions"] = extensions
    return context


def _write(*, verb: str, enrolment, activity: Activity, ref: str, timestamp, context: dict, **result) -> Statement:
    """One statement per fact: a second call for the same fact returns the first."""
    existing = Statement.objects.filter(verb=verb, ref=ref, voided=False).first()
    if existing is not None:
        return existing
    statement = Statement(
        verb=verb,
        person_id=enrolment.person_id,
        enrolment=enrolment,
        event_id=enrolment.event_id,
        object_id=activity.id,
        object_type=activity.type,
        object_name_km=activity.name_km[:250],
        object_name_en=activity.name_en[:250],
        context=context,
        timestamp=timestamp,
        ref=ref,
        area_code=enrolment.area_code,
        org_path=enrolment.org_path,
        province_code=enrolment.province_code,
        **result,
    )
    statement.save()
    return statement


def record_attended(mark) -> Statement:
    """A participant present at a session of an event."""
    enrolment, session = mark.enrolment, mark.session
    session_key = {"date": session.date.isoformat(), "part": session.part}
    return _write(
        verb=Verb.ATTENDED,
        enrolment=enrolment,
        activity=event_activity(enrolment.event),
        ref=f"mark:{mark.pk}",
        timestamp=mark.marked_at,
        context=_context(enrolment, extensions={extension("session"): session_key}),
    )


def void_attended(mark) -> Statement | None:
    """A present mark corrected to absent: its statement is voided (xAPI's own way to retract)."""
    original = Statement.objects.filter(verb=Verb.ATTENDED, ref=f"mark:{mark.pk}", voided=False).first()
    if original is None:
        return None
    original.voided = True
    original.save(update_fields=["voided"])
    return _write(
        verb=Verb.VOIDED,
        enrolment=mark.enrolment,
        activity=Activity(str(original.id), ActivityType.STATEMENT, "", ""),
        ref=f"statement:{original.id}",
        timestamp=timezone.now(),
        context={},
    )


def record_completed(enrolment, *, at=None) -> Statement:
    """A participant who met the programme's completion rule, in an event or an online course."""
    score = None if enrolment.post_score is None else round(enrolment.post_score / 100, 4)
    return _write(
        verb=Verb.COMPLETED,
        enrolment=enrolment,
        activity=event_activity(enrolment.event),
        ref=f"enrolment:{enrolment.pk}",
        timestamp=at or timezone.now(),
        context=_context(enrolment),
        completion=True,
        success=True,
        score_scaled=score,
    )


def record_test_result(sheet, *, passed: bool) -> Statement:
    """A post-test (or an online course's final quiz) passed or failed against the pass mark."""
    enrolment = sheet.enrolment
    return _write(
        verb=Verb.PASSED if passed else Verb.FAILED,
        enrolment=enrolment,
        activity=event_activity(enrolment.event),
        ref=f"answers:{sheet.pk}",
        timestamp=sheet.submitted_at,
        context=_context(enrolment, extensions={extension("test"): sheet.test.kind}),
        score_scaled=round(sheet.score / 100, 4),
        success=passed,
    )


def record_lesson_completed(enrolment, *, ref: str, lesson: Activity, course: Activity, at, score=None) -> Statement:
    """A lesson of an online course done (a quiz lesson with its score)."""
    return _write(
        verb=Verb.COMPLETED,
        enrolment=enrolment,
        activity=lesson,
        ref=ref,
        timestamp=at,
        context=_context(enrolment, parent=course),
        completion=True,
        score_scaled=None if score is None else round(score / 100, 4),
    )
