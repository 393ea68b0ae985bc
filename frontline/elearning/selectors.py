"""Reads of online courses; every one starts from a model's visible_to."""

from dataclasses import dataclass, field
from urllib.parse import urlsplit

from django.db.models import Count, QuerySet
from django.shortcuts import get_object_or_404

from frontline.accounts.roles import Perm
from frontline.core.search import search_filter
from frontline.learning.models import AnswerSheet, Certificate, Enrolment, EnrolmentStatus

from .models import Course, Lesson, LessonProgress
from .services.courses import final_test
from .services.progress import lessons_done_enough


def course_list(*, user, query: str = "", perm: Perm = Perm.LEARNING_VIEW) -> QuerySet[Course]:
    courses = Course.objects.visible_to(user, perm=perm).select_related("programme", "event")
    return search_filter(courses, query).annotate(lesson_total=Count("lessons")).order_by("-published", "title_en")


def course_get(*, user, pk: int, perm: Perm = Perm.LEARNING_VIEW) -> Course:
    courses = Course.objects.visible_to(user, perm=perm).select_related(
        "programme", "event__programme", "event__organiser", "event__area"
    )
    return get_object_or_404(courses, pk=pk)


def lesson_get(*, user, course: Course, pk: int) -> Lesson:
    return get_object_or_404(Lesson.objects.visible_to(user).select_related("course"), course=course, pk=pk)


def own_enrolment(user, course: Course) -> Enrolment | None:
    """The signed-in official's own enrolment in the course, if they joined it."""
    if not (user.is_authenticated and user.person_id):
        return None
    return (
        Enrolment.objects.filter(event_id=course.event_id, person_id=user.person_id, status=EnrolmentStatus.ENROLLED)
        .select_related("event__programme", "person")
        .first()
    )


def progress_by_course(user, courses: list[Course]) -> dict[int, int]:
    """Lessons done per course by the signed-in official (one query for a whole list)."""
    if not (user.is_authenticated and user.person_id) or not courses:
        return {}
    rows = (
        LessonProgress.objects.visible_to(user)
        .filter(enrolment__person_id=user.person_id, lesson__course__in=courses)
        .values("lesson__course_id")
        .annotate(done=Count("id"))
    )
    return {row["lesson__course_id"]: row["done"] for row in rows}


def joined_course_ids(user, courses: list[Course]) -> set[int]:
    if not (user.is_authenticated and user.person_id) or not courses:
        return set()
    joined = Enrolment.objects.filter(
        person_id=user.person_id, status=EnrolmentStatus.ENROLLED, event_id__in=[c.event_id for c in courses]
    ).values_list("event_id", flat=True)
    by_event = {course.event_id: course.pk for course in courses}
    return {by_event[event_id] for event_id in joined}


@dataclass
class Outline:
    """A course as one learner sees it: each lesson with their progress, where to resume, the
    final quiz and the certificate."""

    lessons: list[Lesson]
    done: dict[int, LessonProgress] = field(default_factory=dict)
    resume: Lesson | None = None
    final_test: object = None
    final_sheet: AnswerSheet | None = None
    final_open: bool = False
    certificate: Certificate | None = None

    @property
    def done_count(self) -> int:
        return len(self.done)

    @property
    def share_done(self) -> float:
        return self.done_count / len(self.lessons) if self.lessons else 0.0


def outline(*, user, course: Course, enrolment: Enrolment | None) -> Outline:
    lessons = list(course.lessons.order_by("order", "id"))
    result = Outline(lessons=lessons, final_test=final_test(course))
    if enrolment is None:
        return result
    result.done = {p.lesson_id: p for p in LessonProgress.objects.visible_to(user).filter(enrolment=enrolment)}
    result.resume = next((lesson for lesson in lessons if lesson.pk not in result.done), None)
    if result.final_test is not None:
        result.final_sheet = AnswerSheet.objects.filter(test=result.final_test, enrolment=enrolment).first()
        result.final_open = result.final_sheet is None and lessons_done_enough(enrolment, course)
    result.certificate = Certificate.objects.visible_to(user).valid().filter(enrolment=enrolment).first()
    return result


def neighbours(lesson: Lesson) -> tuple[Lesson | None, Lesson | None, int, int]:
    """(previous, next, position from 1, count) of a lesson in its course."""
    siblings = list(
        lesson.course.lessons.order_by("order", "id").only("id", "course_id", "order", "title_km", "title_en")
    )
    index = next(n for n, other in enumerate(siblings) if other.pk == lesson.pk)
    previous = siblings[index - 1] if index > 0 else None
    following = siblings[index + 1] if index + 1 < len(siblings) else None
    return previous, following, index + 1, len(siblings)


def lesson_progress(*, user, enrolment: Enrolment | None, lesson: Lesson) -> LessonProgress | None:
    if enrolment is None:
        return None
    return LessonProgress.objects.visible_to(user).filter(enrolment=enrolment, lesson=lesson).first()


def site_of(url: str) -> str:
    """The site a video link leads to ('www.youtube.com'), shown so a learner knows before leaving."""
    return urlsplit(url).hostname or "" if url else ""
