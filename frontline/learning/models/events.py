"""Training events: when, where, who organises and funds, quotas, sessions, trainers, costs."""

from django.core.validators import MaxValueValidator
from django.db import models
from django.db.models import F, Q
from django.utils.translation import gettext_lazy as _

from frontline.accounts.roles import Perm
from frontline.core.models import TimeStampedModel

from .catalogue import TargetGroup
from .programmes import CurriculumVersion, DeliveryMode, Programme
from .trainers import Trainer


class EventStatus(models.TextChoices):
    PLANNED = "planned", _("Planned")
    OPEN = "open", _("Open for enrolment")
    RUNNING = "running", _("Running")
    COMPLETED = "completed", _("Completed")
    REPORTED = "reported", _("Reported")
    CANCELLED = "cancelled", _("Cancelled")


def trained_by_user(user, *, pk_field: str = "pk") -> Q | None:
    """Events where the user is an assigned trainer (per-record access of the trainer role)."""
    from frontline.accounts.scoping import has_perm

    if not (getattr(user, "person_id", None) and has_perm(user, Perm.LEARNING_TRAIN)):
        return None
    assigned = EventTrainer.objects.filter(trainer__person_id=user.person_id).values("event_id")
    return Q(**{f"{pk_field}__in": assigned})


def event_scope(user, perm: Perm, *, prefix: str = "", with_quotas: bool = True) -> Q | None:
    """Who reaches which events, by permission (`prefix` names the event from another model).

    - learning.manage: events held in the user's areas or organised by their organisations.
    - learning.view and learning.nominate: those, and events funded by their organisations
      (partners), and - with_quotas - events with a quota for their area or unit (a Kandal
      officer sees the Mondulkiri training that has places for Kandal).
    - trainers reach the events they are assigned to, whatever the area (learning.view and
      learning.train only: training an event does not make one its organiser or nominator).
    """
    from frontline.accounts.scoping import any_of, scope_q

    pk_field = f"{prefix}id" if prefix else "pk"
    held_or_organised = scope_q(
        user,
        perm,
        area_field=f"{prefix}area_code",
        org_field=f"{prefix}organiser_path",
        province_field=f"{prefix}province_code",
    )
    if perm == Perm.LEARNING_MANAGE:
        return held_or_organised
    if perm == Perm.LEARNING_TRAIN:
        return trained_by_user(user, pk_field=pk_field)
    funded = scope_q(user, perm, area_field=None, org_field=f"{prefix}funder_path")
    with_quota = None
    quota_scope = None
    if with_quotas:
        quota_scope = scope_q(user, perm, area_field="area_code", org_field="organisation_path", with_ancestors=True)
    if quota_scope is not None:
        with_quota = Q(**{f"{pk_field}__in": EventQuota.objects.filter(quota_scope).values("event_id")})
    trained = trained_by_user(user, pk_field=pk_field) if perm == Perm.LEARNING_VIEW else None
    return any_of(held_or_organised, funded, with_quota, trained)


class TrainingEventQuerySet(models.QuerySet):
    def visible_to(self, user, *, perm: Perm = Perm.LEARNING_VIEW) -> "TrainingEventQuerySet":
        """The events `user` reaches with `perm`: see event_scope."""
        condition = event_scope(user, perm)
        return self.none() if condition is None else self.filter(condition)


class TrainingEvent(TimeStampedModel):
    """One run of a programme: multi-day, in a venue, for target groups, with quotas."""

    programme = models.ForeignKey(
        Programme, verbose_name=_("programme"), on_delete=models.PROTECT, related_name="events"
    )
    curriculum = models.ForeignKey(
        CurriculumVersion, verbose_name=_("curriculum version"), on_delete=models.PROTECT, related_name="events"
    )
    title_km = models.CharField(_("title in Khmer"), max_length=250)
    title_en = models.CharField(_("title in English"), max_length=250)
    start_date = models.DateField(_("start date"))
    end_date = models.DateField(_("end date"))
    venue = models.CharField(_("venue"), max_length=250)
    area = models.ForeignKey(
        "geography.Area", verbose_name=_("area"), on_delete=models.PROTECT, related_name="training_events"
    )
    organiser = models.ForeignKey(
        "organisations.Organisation", verbose_name=_("organiser"), on_delete=models.PROTECT, related_name="+"
    )
    funder = models.ForeignKey(
        "organisations.Organisation",
        verbose_name=_("funding partner"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    opening_guests = models.TextField(_("opening guests"), blank=True)
    target_groups = models.ManyToManyField(
        TargetGroup, verbose_name=_("target groups"), related_name="events", blank=True
    )
    capacity = models.PositiveIntegerField(_("capacity"))
    status = models.CharField(_("status"), max_length=12, choices=EventStatus.choices, default=EventStatus.PLANNED)
    cancel_reason = models.TextField(_("reason for cancelling"), blank=True)
    # An online course (frontline.elearning) runs as a standing event of its programme: learners
    # enrol and complete one by one, its lessons standing in for sessions (see learning.rollups).
    delivery_mode = models.CharField(
        _("delivery mode"),
        max_length=20,
        choices=DeliveryMode.choices,
        default=DeliveryMode.FACE_TO_FACE,
        db_default=DeliveryMode.FACE_TO_FACE,  # rows bulk-loaded without the column are face-to-face
    )

    # Copied by the services for scoping and lists (one indexed table, no joins).
    area_code = models.CharField(max_length=8, editable=False, default="")
    province_code = models.CharField(max_length=2, editable=False, default="")
    organiser_path = models.CharField(max_length=64, editable=False, default="")
    funder_path = models.CharField(max_length=64, editable=False, default="", blank=True)
    search_text = models.TextField(editable=False, default="")
    # Kept by the enrolment, attendance and budget services.
    enrolled_count = models.PositiveIntegerField(default=0, editable=False)
    waitlist_count = models.PositiveIntegerField(default=0, editable=False)
    completed_count = models.PositiveIntegerField(default=0, editable=False)
    planned_cost = models.BigIntegerField(default=0, editable=False)
    actual_cost = models.BigIntegerField(default=0, editable=False)

    objects = TrainingEventQuerySet.as_manager()

    class Meta:
        ordering = ["-start_date", "-id"]
        verbose_name = _("training event")
        verbose_name_plural = _("training events")
        indexes = [
            models.Index(fields=["province_code", "-start_date", "-id"], name="event_province_start"),
            models.Index(fields=["area_code", "-start_date"], name="event_area_start"),
            models.Index(fields=["organiser_path", "-start_date"], name="event_organiser_start"),
            models.Index(fields=["-start_date", "-id"], name="event_start"),
        ]
        constraints = [
            models.CheckConstraint(
                condition=Q(end_date__gte=F("start_date")),
                name="event_ends_after_start",
                violation_error_message=_("The event cannot end before it starts."),
            ),
            models.CheckConstraint(
                condition=Q(capacity__gt=0),
                name="event_capacity_positive",
                violation_error_message=_("An event takes at least one participant."),
            ),
        ]

    def __str__(self) -> str:
        return self.title_en

    @property
    def days(self) -> int:
        return (self.end_date - self.start_date).days + 1

    @property
    def is_online(self) -> bool:
        return self.delivery_mode == DeliveryMode.ONLINE

    @property
    def places_left(self) -> int:
        return max(self.capacity - self.enrolled_count, 0)


class EventQuota(TimeStampedModel):
    """Places set aside for one area (a province, say) or one unit."""

    event = models.ForeignKey(TrainingEvent, on_delete=models.CASCADE, related_name="quotas")
    area = models.ForeignKey(
        "geography.Area", verbose_name=_("area"), null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    organisation = models.ForeignKey(
        "organisations.Organisation",
        verbose_name=_("unit"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    places = models.PositiveIntegerField(_("places"))
    area_code = models.CharField(max_length=8, editable=False, default="", blank=True)
    organisation_path = models.CharField(max_length=64, editable=False, default="", blank=True)

    class Meta:
        ordering = ["event", "area_id", "organisation_id"]
        verbose_name = _("quota")
        verbose_name_plural = _("quotas")
        constraints = [
            models.CheckConstraint(
                condition=Q(area__isnull=False, organisation__isnull=True)
                | Q(area__isnull=True, organisation__isnull=False),
                name="quota_area_or_unit",
                violation_error_message=_("A quota is for one area or for one unit."),
            ),
            models.CheckConstraint(condition=Q(places__gt=0), name="quota_places_positive"),
            models.UniqueConstraint(fields=["event", "area"], name="quota_event_area_unique"),
            models.UniqueConstraint(fields=["event", "organisation"], name="quota_event_unit_unique"),
        ]

    def __str__(self) -> str:
        return f"{self.area or self.organisation}: {self.places}"


class SessionPart(models.TextChoices):
    DAY = "day", _("Full day")
    MORNING = "morning", _("Morning")
    AFTERNOON = "afternoon", _("Afternoon")


class SessionStatus(models.TextChoices):
    PLANNED = "planned", _("Planned")
    HELD = "held", _("Held")
    CANCELLED = "cancelled", _("Cancelled")


class EventSession(TimeStampedModel):
    """A session on one day of the event; attendance is taken per session."""

    event = models.ForeignKey(TrainingEvent, on_delete=models.CASCADE, related_name="sessions")
    date = models.DateField(_("date"))
    part = models.CharField(_("part of the day"), max_length=10, choices=SessionPart.choices, default=SessionPart.DAY)
    topic = models.CharField(_("topic"), max_length=250, blank=True)
    status = models.CharField(_("status"), max_length=10, choices=SessionStatus.choices, default=SessionStatus.PLANNED)

    class Meta:
        ordering = ["event", "date", "part"]
        verbose_name = _("session")
        verbose_name_plural = _("sessions")
        constraints = [models.UniqueConstraint(fields=["event", "date", "part"], name="session_unique")]

    def __str__(self) -> str:
        return f"{self.event} · {self.date} {self.get_part_display()}"


class CostCategory(models.TextChoices):
    VENUE = "venue", _("Venue")
    PER_DIEM = "per_diem", _("Per diem")
    TRANSPORT = "transport", _("Transport")
    MATERIALS = "materials", _("Materials")
    TRAINER_FEES = "trainer_fees", _("Trainer fees")
    ACCOMMODATION = "accommodation", _("Accommodation")
    OTHER = "other", _("Other")


class BudgetLine(TimeStampedModel):
    """Planned and actual cost of one category, in riel."""

    event = models.ForeignKey(TrainingEvent, on_delete=models.CASCADE, related_name="budget_lines")
    category = models.CharField(_("category"), max_length=20, choices=CostCategory.choices)
    # Ten trillion riel: far above any event, far below what a sum of lines could overflow.
    planned = models.BigIntegerField(_("planned (riel)"), default=0, validators=[MaxValueValidator(10**13)])
    actual = models.BigIntegerField(_("actual (riel)"), null=True, blank=True, validators=[MaxValueValidator(10**13)])
    note = models.CharField(_("note"), max_length=250, blank=True)

    class Meta:
        ordering = ["event", "category"]
        verbose_name = _("budget line")
        verbose_name_plural = _("budget lines")
        constraints = [
            models.UniqueConstraint(fields=["event", "category"], name="budget_line_unique"),
            models.CheckConstraint(
                condition=Q(planned__gte=0) & (Q(actual__isnull=True) | Q(actual__gte=0)),
                name="budget_line_not_negative",
                violation_error_message=_("Amounts cannot be negative."),
            ),
        ]

    def __str__(self) -> str:
        return self.get_category_display()


class TrainerRole(models.TextChoices):
    LEAD = "lead", _("Lead trainer")
    CO = "co", _("Co-trainer")


class EventTrainer(TimeStampedModel):
    """A trainer assigned to an event. A trainer lacking a qualification the programme requires
    is assigned only with a recorded exception: why, and who allowed it."""

    event = models.ForeignKey(TrainingEvent, on_delete=models.CASCADE, related_name="trainer_assignments")
    trainer = models.ForeignKey(Trainer, verbose_name=_("trainer"), on_delete=models.PROTECT, related_name="events")
    role = models.CharField(_("role"), max_length=10, choices=TrainerRole.choices, default=TrainerRole.LEAD)
    exception_reason = models.TextField(_("reason for the exception"), blank=True)
    exception_by = models.ForeignKey(
        "accounts.User",
        verbose_name=_("exception allowed by"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )

    class Meta:
        ordering = ["event", "role", "id"]
        verbose_name = _("event trainer")
        verbose_name_plural = _("event trainers")
        constraints = [models.UniqueConstraint(fields=["event", "trainer"], name="event_trainer_unique")]

    def __str__(self) -> str:
        return f"{self.trainer} · {self.get_role_display()}"
