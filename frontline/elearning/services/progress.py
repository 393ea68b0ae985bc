"""A learner's way through a course: joining, lessons done, quizzes, the final quiz, and
completion under the programme's own rule, with its certificate.

Each lesson done counts as a session attended: sessions_attended / lessons is the attendance
rate the programme's rule reads (learning.services.completion.meets_rule), and the final quiz
is the event's post-test (learning's test_submit, with its pass mark).
"""

from dataclasses import dataclass

from django.db.models import F
from django.utils import timezone
from django.utils.translation import gettext as _

from frontline.audit.context import service
from frontline.learning.models import (
    AnswerSheet,
    Certificate,
    Choice,
    Enrolment,
    EnrolmentStatus,
    TrainingEvent,
)
from frontline.learning.rollups import online_completion_counted
from frontline.learning.services._common import refuse
from frontline.learning.services.assessment import test_submit
from frontline.learning.services.completion import certificate_issue, meets_rule
from frontline.learning.services.enrolment import event_enrol
from frontline.learning.services.events import ENROLLING
from frontline.xapi.record import record_completed, record_lesson_completed

from ..models import Course, Lesson, LessonKind, LessonProgress, learner_condition
from .courses import final_test


def _is_open_to(course: Course, user) -> bool:
    condition = learner_condition(user)
    return condition is not None and Course.objects.filter(condition, pk=course.pk).exists()


@service
def course_join(*, acting_user, course: Course) -> Enrolment:
    """A signed-in official enrols themself (joining twice returns the first enrolment)."""
    person = acting_user.person
    if person is None:
        raise refuse(None, _("Only officials registered on the platform take online courses."), "not_an_official")
    existing = Enrolment.objects.filter(event_id=course.event_id, person=person).first()
    if existing is not None and existing.status == EnrolmentStatus.ENROLLED:
        return existing
    event = course.event
    if not course.published or event.status not in ENROLLING:
        raise refuse(None, _("This course is not open for enrolment."), "course_not_open")
    if timezone.localdate() > event.end_date:
        raise refuse(None, _("This course has closed."), "course_closed")
    if not _is_open_to(course, acting_user):
        raise refuse(None, _("This course is open to the officials of another area."), "course_other_area")
    return event_enrol(acting_user=acting_user, event=event, person=person)


def _locked(enrolment: Enrolment) -> Enrolment:
    """The learner's enrolment row, locked: one learner's two clicks cannot both record a lesson.
    Only that row (of self): locking the joined course row would queue every other learner."""
    return (
        Enrolment.objects.select_for_update(of=("self",))
        .select_related("event__programme", "person")
        .get(pk=enrolment.pk)
    )


def _check_studying(enrolment: Enrolment, lesson: Lesson | None = None) -> None:
    if lesson is not None and lesson.course.event_id != enrolment.event_id:
        raise refuse("lesson", _("This lesson belongs to another course."), "lesson_other_course")
    if enrolment.status != EnrolmentStatus.ENROLLED:
        raise refuse(None, _("Join the course first."), "not_enrolled")
    event = enrolment.event
    if event.status not in ENROLLING or timezone.localdate() > event.end_date:
        raise refuse(None, _("This course has closed."), "course_closed")


def _recount(enrolment: Enrolment, course: Course) -> None:
    """Lessons done, and the rate so far (fixed once the learner has completed)."""
    done = LessonProgress.objects.filter(enrolment=enrolment, lesson__course=course).count()
    lessons = course.lessons.count()
    update = {"sessions_attended": done}
    if not enrolment.completed:
        update["attendance_rate"] = round(done / lessons, 4) if lessons else None
    Enrolment.objects.filter(pk=enrolment.pk).update(**update)
    for name, value in update.items():
        setattr(enrolment, name, value)


def _completed_lesson(enrolment: Enrolment, lesson: Lesson, at, score: float | None = None) -> LessonProgress:
    progress = LessonProgress(enrolment=enrolment, lesson=lesson, completed_at=at, score=score)
    progress.attempts = 1 if lesson.kind == LessonKind.QUIZ else 0
    progress.full_clean()
    progress.save()
    record_lesson_completed(
        enrolment,
        ref=f"lesson:{progress.pk}",
        lesson=lesson.xapi_activity(),
        course=lesson.course.xapi_activity(),
        at=at,
        score=score,
    )
    return progress


@service
def lesson_complete(*, acting_user, enrolment: Enrolment, lesson: Lesson) -> LessonProgress:
    """A text, picture, PDF or video lesson done (again: nothing changes)."""
    enrolment = _locked(enrolment)
    _check_studying(enrolment, lesson)
    if lesson.kind == LessonKind.QUIZ:
        raise refuse("lesson", _("A quiz is done by answering it."), "quiz_answers_needed")
    progress = LessonProgress.objects.filter(enrolment=enrolment, lesson=lesson).first()
    if progress is not None:
        return progress
    progress = _completed_lesson(enrolment, lesson, timezone.now())
    _after_progress(acting_user, enrolment, lesson.course)
    return progress


@dataclass
class QuizOutcome:
    progress: LessonProgress
    score: float
    right: set[int]  # the questions answered correctly


def _checked_answers(questions: list[int], answers: dict[int, int]) -> None:
    allowed = dict(Choice.objects.filter(question_id__in=questions).values_list("pk", "question_id"))
    for question, choice in answers.items():
        if allowed.get(choice) != question:
            raise refuse("answers", _("An answer does not belong to its question."), "answer_mismatch")


@service
def quiz_submit(*, acting_user, enrolment: Enrolment, lesson: Lesson, answers: dict[int, int]) -> QuizOutcome:
    """A quiz lesson answered: scored at once; the best score kept; retaking is allowed (it is
    for practice: the final quiz decides)."""
    enrolment = _locked(enrolment)
    _check_studying(enrolment, lesson)
    if lesson.kind != LessonKind.QUIZ:
        raise refuse("lesson", _("This lesson is not a quiz."), "not_a_quiz")
    questions = list(lesson.questions.values_list("pk", flat=True))
    _checked_answers(questions, answers)
    correct = set(Choice.objects.filter(question_id__in=questions, is_correct=True).values_list("question_id", "pk"))
    right = {question for question in questions if (question, answers.get(question)) in correct}
    score = round(100.0 * len(right) / len(questions), 1) if questions else 0.0
    progress = LessonProgress.objects.filter(enrolment=enrolment, lesson=lesson).first()
    if progress is None:
        progress = _completed_lesson(enrolment, lesson, timezone.now(), score)
        _after_progress(acting_user, enrolment, lesson.course)
    else:
        progress.attempts += 1
        progress.score = max(progress.score or 0.0, score)
        progress.full_clean()
        progress.save(update_fields=["attempts", "score", "updated_at"])
    return QuizOutcome(progress, score, right)


def lessons_done_enough(enrolment: Enrolment, course: Course) -> bool:
    """Whether the learner did the share of lessons the programme's rule asks for."""
    lessons = course.lessons.count()
    done = LessonProgress.objects.filter(enrolment=enrolment, lesson__course=course).count()
    return bool(lessons) and done * 100 >= enrolment.event.programme.min_attendance_pct * lessons - 1e-9


@service
def final_quiz_submit(*, acting_user, enrolment: Enrolment, answers: dict[int, int]) -> AnswerSheet:
    """The final quiz (the event's post-test, one attempt as in a classroom), open once the
    learner has done enough lessons to complete."""
    enrolment = _locked(enrolment)
    _check_studying(enrolment)
    course = enrolment.event.course
    test = final_test(course)
    if test is None:
        raise refuse(None, _("This course has no final quiz."), "no_final_quiz")
    if not lessons_done_enough(enrolment, course):
        raise refuse(None, _("Finish the lessons before the final quiz."), "lessons_first")
    sheet = test_submit(acting_user=acting_user, test=test, enrolment=enrolment, answers=answers)
    _complete_if_due(acting_user, enrolment, course)
    return sheet


def _after_progress(acting_user, enrolment: Enrolment, course: Course) -> None:
    _recount(enrolment, course)
    _complete_if_due(acting_user, enrolment, course)


def _complete_if_due(acting_user, enrolment: Enrolment, course: Course) -> Certificate | None:
    """Complete the learner under the programme's rule (lessons as sessions), count them on the
    dashboards in this year, and issue their certificate."""
    if enrolment.completed:
        return None
    rate, done = meets_rule(enrolment, course.lessons.count())
    if not done:
        return None
    # The UPDATE holds the course's row until the transaction ends: completions of one course are
    # counted one after the other (online_completion_counted needs that to find a year's first).
    TrainingEvent.objects.filter(pk=enrolment.event_id).update(completed_count=F("completed_count") + 1)
    enrolment.attendance_rate = round(rate, 4)
    enrolment.completed = True
    enrolment.completed_on = timezone.localdate()
    enrolment.save(update_fields=["attendance_rate", "completed", "completed_on", "updated_at"])
    record_completed(enrolment)
    online_completion_counted(enrolment)
    return certificate_issue(acting_user=acting_user, enrolment=enrolment)
