"""Tests scored automatically, participants' evaluations, supervisors' follow-up."""

import datetime
import random
import secrets

from django.db.models import F
from django.utils import timezone
from django.utils.translation import gettext as _

from frontline.audit.context import service
from frontline.core.formatting import format_date, format_number
from frontline.xapi.record import record_test_result

from ..models import (
    AnswerSheet,
    AssessmentKind,
    Choice,
    Enrolment,
    EnrolmentStatus,
    Evaluation,
    EventStatus,
    EventTest,
    FollowUp,
    Question,
    QuestionBank,
    Trainer,
    TrainerRating,
    TrainingEvent,
)
from ._common import refuse, save_clean
from .events import _recount_rollups

FOLLOW_UP_FROM_DAYS = 90  # three months after the event
FOLLOW_UP_UNTIL_DAYS = 183  # six months after


# Tests are set and taken while the event can still change (not once completed or cancelled).
TESTING = (EventStatus.PLANNED, EventStatus.OPEN, EventStatus.RUNNING)


@service
def test_create(*, acting_user, event: TrainingEvent, kind: str, opens_at, closes_at, question_count: int):
    """Draw `question_count` questions from the programme's banks (the same draw for everyone)."""
    if event.status not in TESTING:
        raise refuse(None, _("A completed or cancelled event can no longer change."), "event_closed")
    if event.tests.filter(kind=kind).exists():
        raise refuse(
            "kind", _("This event already has a %(test)s.") % {"test": AssessmentKind(kind).label}, "test_exists"
        )
    pool = list(
        Question.objects.filter(bank__programme=event.programme, is_active=True).order_by("bank_id", "order", "id")
    )
    if question_count < 1 or question_count > len(pool):
        raise refuse(
            "question_count",
            _("Choose between 1 and %(n)s questions: the programme's banks hold %(n)s.")
            % {"n": format_number(len(pool))},
            "test_question_count",
        )
    test = save_clean(EventTest(event=event, kind=kind, opens_at=opens_at, closes_at=closes_at))
    drawn = random.Random(f"{event.pk}-{kind}").sample(pool, question_count)  # noqa: S311 - not a secret
    test.questions.set(drawn)
    return test


def score_answers(test: EventTest, answers: dict[int, int]) -> float:
    """Percentage of the test's questions answered with a correct choice; unanswered is wrong."""
    questions = list(test.questions.values_list("pk", flat=True))
    correct = set(Choice.objects.filter(question_id__in=questions, is_correct=True).values_list("question_id", "pk"))
    right = sum(1 for question in questions if (question, answers.get(question)) in correct)
    return round(100.0 * right / len(questions), 1) if questions else 0.0


@service
def test_submit(*, acting_user, test: EventTest, enrolment: Enrolment, answers: dict[int, int], at=None):
    at = at or timezone.now()
    if enrolment.event_id != test.event_id or enrolment.status != EnrolmentStatus.ENROLLED:
        raise refuse("enrolment", _("Only the event's enrolled participants take its tests."), "not_enrolled")
    if test.event.status not in (EventStatus.OPEN, EventStatus.RUNNING):
        raise refuse(None, _("Tests are answered only while the event is open or running."), "event_not_running")
    if at < test.opens_at:
        raise refuse(None, _("This test is not open yet."), "test_not_open")
    if at > test.closes_at:
        raise refuse(None, _("This test closed before the answers were sent."), "test_closed")
    if AnswerSheet.objects.filter(test=test, enrolment=enrolment).exists():
        raise refuse(None, _("This participant has already answered this test."), "test_answered")
    allowed = dict(Choice.objects.filter(question__in=test.questions.all()).values_list("pk", "question_id"))
    for question, choice in answers.items():
        if allowed.get(choice) != question:
            raise refuse("answers", _("An answer does not belong to its question."), "answer_mismatch")
    score = score_answers(test, answers)
    attempt = save_clean(
        AnswerSheet(
            test=test,
            enrolment=enrolment,
            answers={str(q): c for q, c in answers.items()},
            score=score,
            submitted_at=at,
        )
    )
    field = "pre_score" if test.kind == AssessmentKind.PRE else "post_score"
    Enrolment.objects.filter(pk=enrolment.pk).update(**{field: score})
    setattr(enrolment, field, score)
    if test.kind == AssessmentKind.POST:
        record_test_result(attempt, passed=score >= test.event.programme.pass_mark_pct)
    return attempt


@service
def evaluation_submit(
    *,
    acting_user,
    enrolment: Enrolment,
    content: int,
    relevance: int,
    organisation: int,
    comments: str = "",
    trainer_ratings: dict[int, int] | None = None,
) -> Evaluation:
    """A participant's reaction to the event, and their rating of each trainer (1 to 5)."""
    if enrolment.status != EnrolmentStatus.ENROLLED:
        raise refuse("enrolment", _("Only participants evaluate an event."), "not_enrolled")
    event = enrolment.event
    if event.status in (EventStatus.PLANNED, EventStatus.CANCELLED) or timezone.localdate() < event.start_date:
        raise refuse(None, _("The event is evaluated once it has started."), "event_not_started")
    if Evaluation.objects.filter(enrolment=enrolment).exists():
        raise refuse(None, _("This participant has already evaluated the event."), "evaluated")
    evaluation = save_clean(
        Evaluation(
            enrolment=enrolment, content=content, relevance=relevance, organisation=organisation, comments=comments
        )
    )
    assignments = {a.pk: a for a in enrolment.event.trainer_assignments.all()}
    for assignment_id, rating in (trainer_ratings or {}).items():
        assignment = assignments.get(assignment_id)
        if assignment is None:
            raise refuse("trainer_ratings", _("Rate only the event's own trainers."), "trainer_other_event")
        save_clean(TrainerRating(evaluation=evaluation, assignment=assignment, rating=rating))
        Trainer.objects.filter(pk=assignment.trainer_id).update(
            rating_total=F("rating_total") + rating, rating_count=F("rating_count") + 1
        )
    _recount_rollups(enrolment.event)
    return evaluation


@service
def follow_up_request(
    *, acting_user, enrolment: Enrolment, supervisor_name: str, supervisor_phone: str = "", supervisor=None
) -> FollowUp:
    """Ask the participant's supervisor, 3 to 6 months after the event, what changed at work."""
    if not enrolment.completed:
        raise refuse("enrolment", _("Follow-up is asked only for participants who completed."), "not_completed")
    if FollowUp.objects.filter(enrolment=enrolment).exists():
        raise refuse(None, _("A follow-up was already requested for this participant."), "follow_up_exists")
    end = enrolment.event.end_date
    return save_clean(
        FollowUp(
            enrolment=enrolment,
            supervisor=supervisor,
            supervisor_name=supervisor_name,
            supervisor_phone=supervisor_phone,
            token=secrets.token_urlsafe(18),
            due_from=end + datetime.timedelta(days=FOLLOW_UP_FROM_DAYS),
            due_until=end + datetime.timedelta(days=FOLLOW_UP_UNTIL_DAYS),
        )
    )


@service
def follow_up_answer(
    *, acting_user, follow_up: FollowUp, applies_learning: int, behaviour_change: int, examples: str = "", at=None
) -> FollowUp:
    at = at or timezone.now()
    if follow_up.answered_at is not None:
        raise refuse(None, _("This follow-up has already been answered."), "follow_up_answered")
    if timezone.localdate(at) < follow_up.due_from:
        raise refuse(
            None,
            _("This follow-up opens three months after the event, on %(day)s.")
            % {"day": format_date(follow_up.due_from)},
            "follow_up_early",
        )
    if timezone.localdate(at) > follow_up.due_until:
        raise refuse(
            None,
            _("This follow-up closed on %(day)s.") % {"day": format_date(follow_up.due_until)},
            "follow_up_late",
        )
    return save_clean(
        follow_up,
        applies_learning=applies_learning,
        behaviour_change=behaviour_change,
        examples=examples,
        answered_at=at,
    )


@service
def question_add(*, acting_user, programme, text_km: str, text_en: str, choices: list[tuple[str, str]], correct: int):
    """A multiple-choice question in the programme's bank (made on first use); `correct` is the
    index of the right choice."""
    if len(choices) < 2:
        raise refuse("choices", _("Give at least two answers to choose from."), "too_few_choices")
    if not 0 <= correct < len(choices):
        raise refuse("correct", _("Mark one of the answers given as the right one."), "no_correct_choice")
    bank = programme.question_banks.order_by("id").first() or save_clean(
        QuestionBank(programme=programme, title_km=programme.title_km, title_en=programme.title_en)
    )
    order = bank.questions.count() + 1
    question = save_clean(Question(bank=bank, text_km=text_km, text_en=text_en, order=order))
    for number, (choice_km, choice_en) in enumerate(choices):
        save_clean(
            Choice(
                question=question, text_km=choice_km, text_en=choice_en, is_correct=number == correct, order=number + 1
            )
        )
    return question


@service
def question_retire(*, acting_user, question) -> None:
    """Questions already drawn for a test stay as they were; a retired one is no longer drawn."""
    save_clean(question, is_active=False)
