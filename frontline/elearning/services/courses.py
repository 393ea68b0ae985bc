"""Online courses: created as a standing online event of their programme, published, updated."""

import datetime

from django.utils import timezone
from django.utils.translation import gettext as _

from frontline.audit.context import service
from frontline.core.text import search_document, stems
from frontline.learning.models import AssessmentKind, DeliveryMode, EventStatus, Programme, TrainingEvent
from frontline.learning.services._common import refuse, save_clean
from frontline.learning.services.assessment import test_create
from frontline.learning.services.events import event_create, event_transition, event_update

from ..models import Course

# A standing course takes every official who wants it; quotas and waiting lists are for rooms.
COURSE_CAPACITY = 1_000_000
ONLINE_VENUE = "អនឡាញ · Online"
TEXT_FIELDS = ("title_km", "title_en", "summary_km", "summary_en", "nationwide")


def closing_moment(day: datetime.date) -> datetime.datetime:
    """The end of the course's last day, local time: when its final quiz closes."""
    return timezone.make_aware(datetime.datetime.combine(day + datetime.timedelta(days=1), datetime.time.min))


def _derive(course: Course) -> None:
    course.search_text = search_document(
        course.title_km, course.title_en, course.summary_km, course.summary_en, course.programme.code
    ) + stems(course.title_km, course.summary_km)


def _check_open_until(open_until: datetime.date, opened: datetime.date) -> None:
    if open_until < opened:
        raise refuse("open_until", _("The course cannot close before it opens."), "course_dates")


@service
def course_create(
    *,
    acting_user,
    programme: Programme,
    organiser,
    area,
    open_until: datetime.date,
    title_km: str,
    title_en: str,
    summary_km: str = "",
    summary_en: str = "",
    nationwide: bool = True,
    final_question_count: int = 10,
) -> Course:
    """A course opens today as an online event of its programme, under the programme's rule."""
    today = timezone.localdate()
    _check_open_until(open_until, today)
    event = event_create(
        acting_user=acting_user,
        programme=programme,
        title_km=title_km,
        title_en=title_en,
        start_date=today,
        end_date=open_until,
        venue=ONLINE_VENUE,
        area=area,
        organiser=organiser,
        capacity=COURSE_CAPACITY,
        delivery_mode=DeliveryMode.ONLINE,
    )
    course = Course(
        event=event,
        programme=programme,
        title_km=title_km,
        title_en=title_en,
        summary_km=summary_km,
        summary_en=summary_en,
        nationwide=nationwide,
        final_question_count=final_question_count,
    )
    _derive(course)
    return save_clean(course)


def final_test(course: Course):
    """The course's final quiz: its event's post-test (None before publishing)."""
    return course.event.tests.filter(kind=AssessmentKind.POST).first()


@service
def course_update(
    *, acting_user, course: Course, open_until: datetime.date | None = None, final_question_count=None, **fields
) -> Course:
    """Titles, summaries, audience, closing day; titles follow onto the event (certificates
    carry them). The number of final questions is fixed once the quiz is drawn."""
    for name in fields:
        if name not in TEXT_FIELDS:
            raise ValueError(f"{name} cannot be changed here")
    event = TrainingEvent.objects.get(pk=course.event_id)
    test = final_test(course)
    if final_question_count is not None and final_question_count != course.final_question_count:
        if test is not None:
            raise refuse(
                "final_question_count",
                _("The final quiz is already drawn: its number of questions can no longer change."),
                "final_quiz_drawn",
            )
        course.final_question_count = final_question_count
    changes = {name: fields[name] for name in ("title_km", "title_en") if name in fields}
    if open_until is not None and open_until != event.end_date:
        _check_open_until(open_until, event.start_date)
        changes["end_date"] = open_until
    if changes:
        event_update(acting_user=acting_user, event=event, **changes)
    if test is not None and "end_date" in changes:
        save_clean(test, closes_at=closing_moment(open_until))
    for name, value in fields.items():
        setattr(course, name, value)
    _derive(course)
    return save_clean(course)


@service
def course_publish(*, acting_user, course: Course) -> Course:
    """Open the course to its learners: it needs lessons, and its final quiz is drawn now (when
    the programme requires a passed post-test)."""
    if course.published:
        return course
    if not course.lessons.exists():
        raise refuse(None, _("Add at least one lesson before publishing the course."), "no_lessons")
    event = TrainingEvent.objects.get(pk=course.event_id)
    if timezone.localdate() > event.end_date:
        raise refuse(None, _("The course has closed: set a later closing day first."), "course_closed")
    if event.programme.requires_post_test and final_test(course) is None:
        test_create(
            acting_user=acting_user,
            event=event,
            kind=AssessmentKind.POST,
            opens_at=timezone.now(),
            closes_at=closing_moment(event.end_date),
            question_count=course.final_question_count,
        )
    if event.status == EventStatus.PLANNED:
        event_transition(acting_user=acting_user, event=event, status=EventStatus.OPEN)
    return save_clean(course, published=True, published_at=timezone.now())


@service
def course_unpublish(*, acting_user, course: Course) -> Course:
    """No new learners; those enrolled may finish."""
    return save_clean(course, published=False)
