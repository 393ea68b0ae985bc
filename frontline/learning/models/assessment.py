"""Pre- and post-tests from question banks, participants' evaluations, supervisors' follow-up."""

from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import F, Q
from django.utils.translation import gettext_lazy as _

from frontline.core.models import FastChoicesModel, TimeStampedModel

from .enrolment import Enrolment
from .events import EventTrainer, TrainingEvent
from .programmes import Programme

RATING = [MinValueValidator(1), MaxValueValidator(5)]


class QuestionBank(TimeStampedModel):
    """Multiple-choice questions on a programme, from which event tests are drawn."""

    programme = models.ForeignKey(
        Programme, verbose_name=_("programme"), on_delete=models.CASCADE, related_name="question_banks"
    )
    title_km = models.CharField(_("title in Khmer"), max_length=250)
    title_en = models.CharField(_("title in English"), max_length=250)

    class Meta:
        ordering = ["programme", "id"]
        verbose_name = _("question bank")
        verbose_name_plural = _("question banks")

    def __str__(self) -> str:
        return self.title_en


class Question(TimeStampedModel):
    bank = models.ForeignKey(QuestionBank, on_delete=models.CASCADE, related_name="questions")
    text_km = models.TextField(_("question in Khmer"))
    text_en = models.TextField(_("question in English"))
    order = models.PositiveSmallIntegerField(_("order"), default=1)
    is_active = models.BooleanField(_("in use"), default=True)

    class Meta:
        ordering = ["bank", "order", "id"]
        verbose_name = _("question")
        verbose_name_plural = _("questions")

    def __str__(self) -> str:
        return self.text_en[:80]


class Choice(models.Model):
    question = models.ForeignKey(Question, on_delete=models.CASCADE, related_name="choices")
    text_km = models.CharField(_("answer in Khmer"), max_length=500)
    text_en = models.CharField(_("answer in English"), max_length=500)
    is_correct = models.BooleanField(_("correct"), default=False)
    order = models.PositiveSmallIntegerField(_("order"), default=1)

    class Meta:
        ordering = ["question", "order", "id"]
        verbose_name = _("answer choice")
        verbose_name_plural = _("answer choices")

    def __str__(self) -> str:
        return self.text_en


class AssessmentKind(models.TextChoices):
    PRE = "pre", _("Pre-test")
    POST = "post", _("Post-test")


class EventTest(TimeStampedModel):
    """The pre- or post-test of an event: questions drawn from the programme's banks, open for
    answers between two moments."""

    event = models.ForeignKey(TrainingEvent, on_delete=models.CASCADE, related_name="tests")
    kind = models.CharField(_("test"), max_length=4, choices=AssessmentKind.choices)
    opens_at = models.DateTimeField(_("opens at"))
    closes_at = models.DateTimeField(_("closes at"))
    questions = models.ManyToManyField(Question, verbose_name=_("questions"), related_name="+")

    class Meta:
        ordering = ["event", "kind"]
        verbose_name = _("event test")
        verbose_name_plural = _("event tests")
        constraints = [
            models.UniqueConstraint(fields=["event", "kind"], name="event_test_unique"),
            models.CheckConstraint(
                condition=Q(closes_at__gt=F("opens_at")),
                name="event_test_window",
                violation_error_message=_("A test must close after it opens."),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.event} · {self.get_kind_display()}"


class AnswerSheet(TimeStampedModel):
    """One participant's answers to one test, scored automatically."""

    test = models.ForeignKey(EventTest, on_delete=models.CASCADE, related_name="attempts")
    enrolment = models.ForeignKey(Enrolment, on_delete=models.CASCADE, related_name="test_attempts")
    answers = models.JSONField(_("answers"), default=dict, blank=True)  # nothing answered scores 0
    score = models.FloatField(_("score (%)"), validators=[MinValueValidator(0), MaxValueValidator(100)])
    submitted_at = models.DateTimeField(_("submitted at"))

    class Meta:
        ordering = ["test", "enrolment"]
        verbose_name = _("test attempt")
        verbose_name_plural = _("test attempts")
        constraints = [models.UniqueConstraint(fields=["test", "enrolment"], name="test_attempt_once")]

    def __str__(self) -> str:
        return f"{self.enrolment} · {self.test.get_kind_display()}"


class Evaluation(TimeStampedModel):
    """A participant's reaction to the event (1 = poor, 5 = excellent)."""

    enrolment = models.OneToOneField(Enrolment, on_delete=models.CASCADE, related_name="evaluation")
    content = models.PositiveSmallIntegerField(_("content"), validators=RATING)
    relevance = models.PositiveSmallIntegerField(_("relevance to my work"), validators=RATING)
    organisation = models.PositiveSmallIntegerField(_("organisation"), validators=RATING)
    comments = models.TextField(_("comments"), blank=True)

    class Meta:
        verbose_name = _("evaluation")
        verbose_name_plural = _("evaluations")

    def __str__(self) -> str:
        return str(self.enrolment)


class TrainerRating(FastChoicesModel):
    evaluation = models.ForeignKey(Evaluation, on_delete=models.CASCADE, related_name="trainer_ratings")
    assignment = models.ForeignKey(EventTrainer, on_delete=models.CASCADE, related_name="ratings")
    rating = models.PositiveSmallIntegerField(_("rating"), validators=RATING)

    class Meta:
        verbose_name = _("trainer rating")
        verbose_name_plural = _("trainer ratings")
        constraints = [models.UniqueConstraint(fields=["evaluation", "assignment"], name="trainer_rating_once")]

    def __str__(self) -> str:
        return f"{self.assignment} · {self.rating}"


class FollowUp(TimeStampedModel):
    """The participant's supervisor, asked 3 to 6 months after the event whether the participant
    works differently. The supervisor answers through a private link (token)."""

    enrolment = models.OneToOneField(Enrolment, on_delete=models.CASCADE, related_name="follow_up")
    supervisor = models.ForeignKey(
        "people.Person",
        verbose_name=_("supervisor"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    supervisor_name = models.CharField(_("supervisor's name"), max_length=200)
    supervisor_phone = models.CharField(_("supervisor's phone"), max_length=20, blank=True)
    token = models.CharField(max_length=32, unique=True, editable=False)
    due_from = models.DateField(_("due from"))
    due_until = models.DateField(_("due until"))
    answered_at = models.DateTimeField(_("answered at"), null=True, blank=True)
    applies_learning = models.PositiveSmallIntegerField(
        _("applies what was learnt"), null=True, blank=True, validators=RATING
    )
    behaviour_change = models.PositiveSmallIntegerField(
        _("works differently"), null=True, blank=True, validators=RATING
    )
    examples = models.TextField(_("examples"), blank=True)

    class Meta:
        ordering = ["due_from", "id"]
        verbose_name = _("supervisor follow-up")
        verbose_name_plural = _("supervisor follow-ups")
        constraints = [
            models.CheckConstraint(condition=Q(due_until__gte=F("due_from")), name="follow_up_window"),
        ]

    def __str__(self) -> str:
        return f"{self.enrolment} · {self.supervisor_name}"
