"""Online courses: a course runs as a standing event of its programme (learning.TrainingEvent,
delivery online), so that the programme's completion rule and certificates apply unchanged.
Each lesson completed counts as a session attended; the final quiz is the event's post-test."""

from django.core.validators import URLValidator
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from frontline.accounts.roles import Perm
from frontline.core.models import TimeStampedModel
from frontline.core.tallies import prefixes_of

AREA_PREFIX_LENGTHS = (2, 4, 6, 8)


def learner_condition(user, *, prefix: str = "") -> Q | None:
    """What a signed-in official reaches as a learner (their own Person is user.person): the
    published courses open to them (to everyone, or to the officials of an area that holds
    theirs) and the courses they are enrolled in. None when the user is no official."""
    person = getattr(user, "person", None) if getattr(user, "is_authenticated", False) else None
    if person is None or not user.is_active:
        return None
    open_to_them = Q(**{f"{prefix}nationwide": True})
    if person.area_code:
        open_to_them |= Q(**{f"{prefix}event__area_code__in": prefixes_of(person.area_code, AREA_PREFIX_LENGTHS)})
    enrolled = Q(**{f"{prefix}event__enrolments__person_id": person.pk})
    return (Q(**{f"{prefix}published": True}) & open_to_them) | enrolled


class CourseQuerySet(models.QuerySet):
    def visible_to(self, user, *, perm: Perm = Perm.LEARNING_VIEW) -> "CourseQuerySet":
        """The online courses the user reaches with `perm`.

        - learning.manage: courses whose event the user manages (held in their areas or
          organised by their organisations), drafts included;
        - learning.view: courses whose event they see (learning.event_scope), and published
          courses open to everyone or to an area inside or above theirs (their officials may
          take them);
        - every signed-in official, whatever their roles: as a learner (learner_condition).
        """
        from frontline.accounts.scoping import any_of, has_perm, scope_q
        from frontline.learning.models import event_scope

        conditions = [event_scope(user, perm, prefix="event__", with_quotas=False)]
        if perm == Perm.LEARNING_VIEW:
            if has_perm(user, perm):
                conditions.append(Q(published=True, nationwide=True))
            nearby = scope_q(user, perm, area_field="event__area_code", org_field=None, with_ancestors=True)
            if nearby is not None:
                conditions.append(Q(published=True) & nearby)
            conditions.append(learner_condition(user))
        condition = any_of(*conditions)
        # The enrolment join of learner_condition can repeat a course: distinct by id.
        return (
            self.none() if condition is None else self.filter(pk__in=self.model.objects.filter(condition).values("pk"))
        )


class Course(TimeStampedModel):
    event = models.OneToOneField(
        "learning.TrainingEvent", verbose_name=_("event"), on_delete=models.PROTECT, related_name="course"
    )
    programme = models.ForeignKey(
        "learning.Programme", verbose_name=_("programme"), on_delete=models.PROTECT, related_name="courses"
    )
    title_km = models.CharField(_("title in Khmer"), max_length=250)
    title_en = models.CharField(_("title in English"), max_length=250)
    summary_km = models.TextField(_("summary in Khmer"), blank=True)
    summary_en = models.TextField(_("summary in English"), blank=True)
    nationwide = models.BooleanField(
        _("open to officials everywhere"),
        default=True,
        help_text=_("Otherwise only to the officials of the course's area."),
    )
    final_question_count = models.PositiveSmallIntegerField(
        _("questions in the final quiz"), default=10, help_text=_("Drawn from the programme's question banks.")
    )
    published = models.BooleanField(_("published"), default=False)
    published_at = models.DateTimeField(_("published at"), null=True, blank=True)
    search_text = models.TextField(editable=False, default="")

    objects = CourseQuerySet.as_manager()

    class Meta:
        ordering = ["title_en", "id"]
        verbose_name = _("online course")
        verbose_name_plural = _("online courses")

    def __str__(self) -> str:
        return self.title_en

    def xapi_activity(self):
        """The course as an xAPI activity: its public page (see xapi.record.event_activity)."""
        from frontline.xapi.models import ActivityType
        from frontline.xapi.record import Activity, stable_url

        return Activity(stable_url("elearning:course", self.pk), ActivityType.COURSE, self.title_km, self.title_en)


class LessonKind(models.TextChoices):
    TEXT = "text", _("Text")
    IMAGE = "image", _("Picture")
    PDF = "pdf", _("PDF document")
    VIDEO = "video", _("Video link")
    QUIZ = "quiz", _("Quiz")


class LessonQuerySet(models.QuerySet):
    def visible_to(self, user, *, perm: Perm = Perm.LEARNING_VIEW) -> "LessonQuerySet":
        """The lessons of the courses the user reaches (Course.visible_to)."""
        return self.filter(course__in=Course.objects.visible_to(user, perm=perm).values("pk"))


class Lesson(TimeStampedModel):
    course = models.ForeignKey(Course, on_delete=models.CASCADE, related_name="lessons")
    order = models.PositiveSmallIntegerField(_("order"), default=1)
    kind = models.CharField(_("kind"), max_length=8, choices=LessonKind.choices, default=LessonKind.TEXT)
    title_km = models.CharField(_("title in Khmer"), max_length=250)
    title_en = models.CharField(_("title in English"), max_length=250)
    body_km = models.TextField(_("text in Khmer"), blank=True)
    body_en = models.TextField(_("text in English"), blank=True)
    image = models.FileField(_("picture"), upload_to="elearning/images/", blank=True)
    image_width = models.PositiveIntegerField(null=True, blank=True, editable=False)
    image_height = models.PositiveIntegerField(null=True, blank=True, editable=False)
    document = models.FileField(_("PDF document"), upload_to="elearning/documents/", blank=True)
    document_bytes = models.PositiveIntegerField(null=True, blank=True, editable=False)
    video_url = models.URLField(
        _("video link"),
        max_length=500,
        blank=True,
        validators=[URLValidator(schemes=["https"], message=_("Enter a link that starts with https://."))],
    )
    questions = models.ManyToManyField("learning.Question", verbose_name=_("questions"), related_name="+", blank=True)

    objects = LessonQuerySet.as_manager()

    class Meta:
        ordering = ["course", "order", "id"]
        verbose_name = _("lesson")
        verbose_name_plural = _("lessons")

    def __str__(self) -> str:
        return self.title_en

    def xapi_activity(self):
        from frontline.xapi.models import ActivityType
        from frontline.xapi.record import Activity, stable_url

        url = stable_url("elearning:lesson", self.course_id, self.pk)
        return Activity(url, ActivityType.LESSON, self.title_km, self.title_en)


class LessonProgressQuerySet(models.QuerySet):
    def visible_to(self, user, *, perm: Perm = Perm.LEARNING_VIEW) -> "LessonProgressQuerySet":
        """A learner's own progress; and the progress of the participants the user may see
        (Enrolment.visible_to)."""
        from frontline.accounts.scoping import any_of
        from frontline.learning.models import Enrolment

        own = None
        if getattr(user, "is_authenticated", False) and user.is_active and user.person_id:
            own = Q(enrolment__person_id=user.person_id)
        reached = Enrolment.objects.visible_to(user, perm=perm)
        condition = any_of(own, Q(enrolment__in=reached.values("pk")))
        return self.none() if condition is None else self.filter(condition)


class LessonProgress(TimeStampedModel):
    """One learner's lesson done (and, for a quiz, their best score), saved as they go."""

    enrolment = models.ForeignKey("learning.Enrolment", on_delete=models.CASCADE, related_name="lesson_progress")
    lesson = models.ForeignKey(Lesson, on_delete=models.PROTECT, related_name="progress")
    completed_at = models.DateTimeField(_("completed at"))
    score = models.FloatField(_("best score (%)"), null=True, blank=True)
    attempts = models.PositiveSmallIntegerField(_("attempts"), default=0)

    objects = LessonProgressQuerySet.as_manager()

    class Meta:
        ordering = ["enrolment", "lesson__order", "lesson_id"]
        verbose_name = _("lesson progress")
        verbose_name_plural = _("lesson progress")
        constraints = [models.UniqueConstraint(fields=["enrolment", "lesson"], name="lesson_progress_once")]

    def __str__(self) -> str:
        return f"{self.enrolment} · {self.lesson}"
