"""Planning training from needs: units file their needs, planners consolidate them into annual
training plans; strategic plans set multi-year targets; units record performance indicators
so that the impact of training on their work can be seen."""

from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import F, Q
from django.utils.translation import gettext_lazy as _

from frontline.accounts.roles import Perm
from frontline.core.models import FastChoicesModel, TimeStampedModel
from frontline.people.models import PostLevel

from .catalogue import Competency
from .programmes import Programme

YEAR = [MinValueValidator(2000), MaxValueValidator(2100)]


class UnitScopedQuerySet(models.QuerySet):
    """Records of a unit: seen within the areas and organisations the user's grants cover."""

    unit_prefix = ""

    def visible_to(self, user, *, perm: Perm = Perm.LEARNING_VIEW):
        from frontline.accounts.scoping import scope_q

        condition = scope_q(
            user,
            perm,
            area_field=f"{self.unit_prefix}area_code",
            org_field=f"{self.unit_prefix}unit_path",
            province_field=f"{self.unit_prefix}province_code",
        )
        return self.none() if condition is None else self.filter(condition)


class UnitRecord(TimeStampedModel):
    """A record owned by a unit, with the unit's place copied for scoping."""

    unit = models.ForeignKey(
        "organisations.Organisation", verbose_name=_("unit"), on_delete=models.PROTECT, related_name="+"
    )
    unit_path = models.CharField(max_length=64, editable=False, default="")
    area_code = models.CharField(max_length=8, editable=False, default="", blank=True)
    province_code = models.CharField(max_length=2, editable=False, default="", blank=True)

    class Meta:
        abstract = True

    def place_from_unit(self) -> None:
        self.unit_path = self.unit.path
        self.area_code = self.unit.area_code
        self.province_code = self.unit.area_code[:2]


class NeedsStatus(models.TextChoices):
    DRAFT = "draft", _("Draft")
    SUBMITTED = "submitted", _("Submitted")


class NeedsAssessment(UnitRecord):
    """A unit's training needs for one year: the competencies its staff lack."""

    year = models.PositiveSmallIntegerField(_("year"), validators=YEAR)
    status = models.CharField(_("status"), max_length=10, choices=NeedsStatus.choices, default=NeedsStatus.DRAFT)
    submitted_at = models.DateTimeField(_("submitted at"), null=True, blank=True)
    notes = models.TextField(_("notes"), blank=True)

    objects = UnitScopedQuerySet.as_manager()

    class Meta:
        ordering = ["-year", "unit__path"]
        verbose_name = _("training needs assessment")
        verbose_name_plural = _("training needs assessments")
        constraints = [models.UniqueConstraint(fields=["unit", "year"], name="needs_once_per_unit_year")]
        indexes = [models.Index(fields=["year", "province_code"], name="needs_year_province")]

    def __str__(self) -> str:
        return f"{self.unit} {self.year}"


class Priority(models.TextChoices):
    HIGH = "high", _("High")
    MEDIUM = "medium", _("Medium")
    LOW = "low", _("Low")


class NeedItemQuerySet(UnitScopedQuerySet):
    unit_prefix = "assessment__"


class NeedItem(FastChoicesModel):
    """One competency a unit lacks: how many staff need it, how urgently, on what evidence.
    `met` counts the unit's officials who completed training building it that year."""

    # Not "items": a dictionary key of that name hides dict.items in templates (audit history).
    assessment = models.ForeignKey(NeedsAssessment, on_delete=models.CASCADE, related_name="needs")
    competency = models.ForeignKey(
        Competency, verbose_name=_("competency"), on_delete=models.PROTECT, related_name="needs"
    )
    staff = models.PositiveIntegerField(_("staff who need it"), validators=[MinValueValidator(1)])
    priority = models.CharField(_("priority"), max_length=6, choices=Priority.choices, default=Priority.MEDIUM)
    evidence = models.TextField(_("evidence"), blank=True)
    met = models.PositiveIntegerField(default=0, editable=False)

    objects = NeedItemQuerySet.as_manager()

    class Meta:
        ordering = ["assessment", "competency__code"]
        verbose_name = _("training need")
        verbose_name_plural = _("training needs")
        constraints = [
            models.UniqueConstraint(fields=["assessment", "competency"], name="need_once_per_competency"),
            models.CheckConstraint(condition=Q(staff__gte=1), name="need_staff_positive"),
        ]

    def __str__(self) -> str:
        return f"{self.assessment} · {self.competency}"


class PlanStatus(models.TextChoices):
    DRAFT = "draft", _("Draft")
    APPROVED = "approved", _("Approved")


class PlanQuerySet(models.QuerySet):
    def visible_to(self, user, *, perm: Perm = Perm.LEARNING_VIEW) -> "PlanQuerySet":
        """Plans of the user's areas (a province's plan) or organisations; national plans
        (neither area nor organisation) fall inside no subtree, so only national grants see them."""
        from frontline.accounts.scoping import scope_q

        condition = scope_q(user, perm, area_field="area_code", org_field="org_path")
        return self.none() if condition is None else self.filter(condition)


class TrainingPlan(TimeStampedModel):
    """An annual training plan for the nation, a province or an organisation."""

    year = models.PositiveSmallIntegerField(_("year"), validators=YEAR)
    title_km = models.CharField(_("title in Khmer"), max_length=250)
    title_en = models.CharField(_("title in English"), max_length=250)
    area = models.ForeignKey(
        "geography.Area", verbose_name=_("area"), null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    organisation = models.ForeignKey(
        "organisations.Organisation",
        verbose_name=_("organisation"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    status = models.CharField(_("status"), max_length=10, choices=PlanStatus.choices, default=PlanStatus.DRAFT)
    area_code = models.CharField(max_length=8, editable=False, default="", blank=True)
    org_path = models.CharField(max_length=64, editable=False, default="", blank=True)

    objects = PlanQuerySet.as_manager()

    class Meta:
        ordering = ["-year", "title_en"]
        verbose_name = _("training plan")
        verbose_name_plural = _("training plans")

    def __str__(self) -> str:
        return f"{self.title_en} {self.year}"


class PlanItem(FastChoicesModel):
    """A line of a plan: a competency, the programme that builds it, targets and budget, and
    the needs it answers."""

    plan = models.ForeignKey(TrainingPlan, on_delete=models.CASCADE, related_name="lines")
    competency = models.ForeignKey(Competency, verbose_name=_("competency"), on_delete=models.PROTECT)
    programme = models.ForeignKey(
        Programme, verbose_name=_("programme"), null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    target = models.PositiveIntegerField(_("officials to train"))
    budget = models.BigIntegerField(_("budget (riel)"), default=0, validators=[MinValueValidator(0)])
    needs = models.ManyToManyField(NeedItem, verbose_name=_("needs answered"), related_name="plan_items", blank=True)

    class Meta:
        ordering = ["plan", "competency__code"]
        verbose_name = _("plan item")
        verbose_name_plural = _("plan items")
        constraints = [models.UniqueConstraint(fields=["plan", "competency"], name="plan_item_once_per_competency")]

    def __str__(self) -> str:
        return f"{self.plan} · {self.competency}"


class StrategicPlanQuerySet(models.QuerySet):
    def visible_to(self, user, *, perm: Perm = Perm.LEARNING_VIEW) -> "StrategicPlanQuerySet":
        """The plans whose owner lies within the user's scope for `perm`: national grants see
        every plan; an area grant the plans of organisations serving areas inside it (a
        provincial department's); an organisation grant the plans of that organisation and
        its units. A plan of a national organisation (a ministry, the RSA) serves no one area,
        so area grants do not see it. Read with learning.view, changed with needs.plan."""
        from frontline.accounts.scoping import scope_q

        condition = scope_q(user, perm, area_field="owner__area_code", org_field="owner_path")
        return self.none() if condition is None else self.filter(condition)


class StrategicPlan(TimeStampedModel):
    """A multi-year plan with yearly targets, e.g. the RSA's five-year strategic plan or the
    Strategic Plan on the Social Services Workforce 2022-2031."""

    title_km = models.CharField(_("title in Khmer"), max_length=250)
    title_en = models.CharField(_("title in English"), max_length=250)
    owner = models.ForeignKey(
        "organisations.Organisation", verbose_name=_("owner"), on_delete=models.PROTECT, related_name="+"
    )
    start_year = models.PositiveSmallIntegerField(_("first year"), validators=YEAR)
    end_year = models.PositiveSmallIntegerField(_("last year"), validators=YEAR)
    national = models.BooleanField(
        _("counts officials of the whole country"),
        default=True,
        help_text=_("Otherwise only the officials of the owner and its units count towards the targets."),
    )
    owner_path = models.CharField(max_length=64, editable=False, default="")

    objects = StrategicPlanQuerySet.as_manager()

    class Meta:
        ordering = ["-start_year", "title_en"]
        verbose_name = _("strategic plan")
        verbose_name_plural = _("strategic plans")
        constraints = [
            models.CheckConstraint(
                condition=Q(end_year__gte=F("start_year")),
                name="strategic_plan_years",
                violation_error_message=_("The last year cannot come before the first."),
            )
        ]

    def __str__(self) -> str:
        return self.title_en


class StrategicTarget(FastChoicesModel):
    """Officials to train in one year, at one level ('' for both)."""

    plan = models.ForeignKey(StrategicPlan, on_delete=models.CASCADE, related_name="targets")
    year = models.PositiveSmallIntegerField(_("year"), validators=YEAR)
    level = models.CharField(_("level"), max_length=12, choices=PostLevel.choices, blank=True)
    officials = models.PositiveIntegerField(_("officials to train"))

    class Meta:
        ordering = ["plan", "year", "level"]
        verbose_name = _("strategic target")
        verbose_name_plural = _("strategic targets")
        constraints = [models.UniqueConstraint(fields=["plan", "year", "level"], name="strategic_target_unique")]

    def __str__(self) -> str:
        return f"{self.plan} {self.year} {self.level}"
