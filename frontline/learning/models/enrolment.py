"""Who takes part in an event, and who was present at each session."""

from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _

from frontline.accounts.roles import Perm
from frontline.core.models import FastChoicesModel, TimeStampedModel
from frontline.people.models import PostLevel, Sex

from .events import EventSession, TrainingEvent, event_scope


class EnrolmentStatus(models.TextChoices):
    ENROLLED = "enrolled", _("Enrolled")
    WAITLISTED = "waitlisted", _("On the waiting list")
    WITHDRAWN = "withdrawn", _("Withdrawn")


class EnrolmentQuerySet(models.QuerySet):
    def visible_to(self, user, *, perm: Perm = Perm.LEARNING_VIEW) -> "EnrolmentQuerySet":
        """Participants the user may see.

        Organisers, funders and trainers of an event see all its participants; officers see
        the participants from their own areas and units in any event (taken from the unit
        the participant served in when enrolled, so history does not move with later posts).
        """
        return self.visible_to_any(user, perm)

    def visible_to_any(self, user, *perms: Perm) -> "EnrolmentQuerySet":
        """Participants the user reaches through any of the permissions (a trainer's or an
        organiser's, say)."""
        from frontline.accounts.scoping import any_of

        condition = any_of(*(self._reach(user, perm) for perm in perms))
        return self.none() if condition is None else self.filter(condition)

    @staticmethod
    def _reach(user, perm: Perm):
        from frontline.accounts.scoping import any_of, scope_q

        by_event = event_scope(user, perm, prefix="event__", with_quotas=False)
        by_participant = scope_q(
            user, perm, area_field="area_code", org_field="org_path", province_field="province_code"
        )
        return any_of(by_event, by_participant)

    def active(self) -> "EnrolmentQuerySet":
        return self.filter(status=EnrolmentStatus.ENROLLED)


class Enrolment(TimeStampedModel):
    """One person in one event, with the unit they came from and their results."""

    event = models.ForeignKey(TrainingEvent, on_delete=models.PROTECT, related_name="enrolments")
    person = models.ForeignKey(
        "people.Person", verbose_name=_("participant"), on_delete=models.PROTECT, related_name="enrolments"
    )
    status = models.CharField(
        _("status"), max_length=12, choices=EnrolmentStatus.choices, default=EnrolmentStatus.ENROLLED
    )
    quota = models.ForeignKey(
        "learning.EventQuota",
        verbose_name=_("quota"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="enrolments",
    )
    nominated_by = models.ForeignKey(
        "accounts.User", verbose_name=_("nominated by"), null=True, blank=True, on_delete=models.SET_NULL
    )
    # The participant's unit and post at enrolment: what dashboards count by.
    organisation = models.ForeignKey(
        "organisations.Organisation",
        verbose_name=_("unit"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    org_path = models.CharField(max_length=64, editable=False, default="", blank=True)
    area_code = models.CharField(max_length=8, editable=False, default="", blank=True)
    province_code = models.CharField(max_length=2, editable=False, default="", blank=True)
    level = models.CharField(_("level"), max_length=12, choices=PostLevel.choices, blank=True)
    sex = models.CharField(_("sex"), max_length=1, choices=Sex.choices)
    # Results, kept by the attendance, test and completion services. The rate is final once
    # the event is completed; before that it is read as attended / sessions held so far.
    sessions_attended = models.PositiveSmallIntegerField(default=0, editable=False)
    attendance_rate = models.FloatField(
        null=True, blank=True, editable=False, validators=[MinValueValidator(0), MaxValueValidator(1)]
    )
    pre_score = models.FloatField(_("pre-test score (%)"), null=True, blank=True, editable=False)
    post_score = models.FloatField(_("post-test score (%)"), null=True, blank=True, editable=False)
    completed = models.BooleanField(_("completed"), default=False, editable=False)
    completed_on = models.DateField(_("completed on"), null=True, blank=True, editable=False)
    # Printed as a QR code on the participant's badge; scanned at the venue to mark presence.
    badge_code = models.CharField(max_length=24, unique=True, editable=False)

    objects = EnrolmentQuerySet.as_manager()

    class Meta:
        ordering = ["event", "id"]
        verbose_name = _("enrolment")
        verbose_name_plural = _("enrolments")
        constraints = [models.UniqueConstraint(fields=["event", "person"], name="enrolment_once_per_event")]
        indexes = [
            models.Index(fields=["person", "event"], name="enrolment_person"),
            models.Index(fields=["event", "status"], name="enrolment_event_status"),
            # Scoping by the participant's unit and area (visible_to) at a million enrolments.
            models.Index(fields=["province_code", "event"], name="enrolment_province"),
            models.Index(fields=["area_code"], name="enrolment_area"),
            models.Index(fields=["org_path"], name="enrolment_org_path"),
        ]

    def __str__(self) -> str:
        return f"{self.person} · {self.event}"

    @property
    def learning_gain(self) -> float | None:
        if self.pre_score is None or self.post_score is None:
            return None
        return self.post_score - self.pre_score


class MarkMethod(models.TextChoices):
    CHECKLIST = "checklist", _("Checklist")
    QR = "qr", _("QR code")
    OFFLINE = "offline", _("Recorded offline")


class AttendanceMark(FastChoicesModel):
    """Present or absent at one session. Marks recorded offline carry the device's own id
    (client_uuid), so a sync sent twice neither loses nor duplicates a mark."""

    enrolment = models.ForeignKey(Enrolment, on_delete=models.CASCADE, related_name="marks")
    session = models.ForeignKey(EventSession, on_delete=models.PROTECT, related_name="marks")
    present = models.BooleanField(_("present"), default=True)
    method = models.CharField(_("method"), max_length=10, choices=MarkMethod.choices, default=MarkMethod.CHECKLIST)
    client_uuid = models.UUIDField(null=True, blank=True, unique=True, editable=False)
    marked_at = models.DateTimeField(_("marked at"))
    marked_by = models.ForeignKey(
        "accounts.User",
        verbose_name=_("marked by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )

    class Meta:
        ordering = ["session", "enrolment"]
        verbose_name = _("attendance mark")
        verbose_name_plural = _("attendance marks")
        constraints = [models.UniqueConstraint(fields=["enrolment", "session"], name="attendance_once_per_session")]
        indexes = [models.Index(fields=["session", "present"], name="attendance_session")]

    def __str__(self) -> str:
        return f"{self.enrolment} · {self.session}"
