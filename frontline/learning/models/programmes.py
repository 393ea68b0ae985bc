"""Programmes, their partners and phases, and versioned curricula of modules."""

from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import F, Q
from django.utils.translation import gettext_lazy as _

from frontline.accounts.roles import Perm
from frontline.core.models import TimeStampedModel

from .catalogue import Competency, QualificationSubject, TargetGroup


class DeliveryMode(models.TextChoices):
    FACE_TO_FACE = "face_to_face", _("Face-to-face")
    ONLINE = "online", _("Online")
    BLENDED = "blended", _("Blended")


class ProgrammeQuerySet(models.QuerySet):
    def visible_to(self, user, *, perm: Perm = Perm.LEARNING_VIEW) -> "ProgrammeQuerySet":
        """Who sees which programmes.

        Viewing: the programme catalogue is open to every holder of learning.view whose grant
        is national or by area (officers choose programmes for their officials); a grant
        limited to an organisation (a partner, a ministry's coordinator) sees the programmes
        that organisation runs or partners in. Managing: the programmes run by an institution
        inside the user's areas or organisations; national grants manage all.
        """
        from frontline.accounts.scoping import any_of, grants, scope_q

        if perm == Perm.LEARNING_VIEW and any(grant.org_path is None for grant in grants(user, perm)):
            return self
        owned = scope_q(user, perm, area_field="owner_area_code", org_field="owner_path")
        partnered = scope_q(user, perm, area_field=None, org_field="organisation__path")
        if partnered is not None:
            partnered = Q(pk__in=ProgrammePartner.objects.filter(partnered).values("programme_id"))
        condition = any_of(owned, partnered)
        return self.none() if condition is None else self.filter(condition)


class Programme(TimeStampedModel):
    """A training programme, e.g. "The social protection system: global, regional and national
    frameworks", run by a training institution, possibly with partners and in phases."""

    code = models.SlugField(_("code"), max_length=40, unique=True)
    title_km = models.CharField(_("title in Khmer"), max_length=250)
    title_en = models.CharField(_("title in English"), max_length=250)
    summary_km = models.TextField(_("summary in Khmer"), blank=True)
    summary_en = models.TextField(_("summary in English"), blank=True)
    institution = models.ForeignKey(
        "organisations.Organisation",
        verbose_name=_("training institution"),
        on_delete=models.PROTECT,
        related_name="programmes",
    )
    owner_path = models.CharField(max_length=64, editable=False, default="", db_index=True)
    owner_area_code = models.CharField(max_length=8, editable=False, default="", blank=True)
    competencies = models.ManyToManyField(
        Competency, verbose_name=_("competencies built"), related_name="programmes", blank=True
    )
    target_groups = models.ManyToManyField(
        TargetGroup, verbose_name=_("target groups"), related_name="programmes", blank=True
    )
    required_subjects = models.ManyToManyField(
        QualificationSubject,
        verbose_name=_("trainer qualifications required"),
        related_name="programmes",
        blank=True,
    )
    # Completion rule: who is certified.
    min_attendance_pct = models.PositiveSmallIntegerField(
        _("minimum attendance (%)"), default=80, validators=[MaxValueValidator(100)]
    )
    requires_post_test = models.BooleanField(_("a passed post-test is required"), default=True)
    pass_mark_pct = models.PositiveSmallIntegerField(
        _("pass mark (%)"), default=60, validators=[MinValueValidator(1), MaxValueValidator(100)]
    )
    is_active = models.BooleanField(_("active"), default=True)
    search_text = models.TextField(editable=False, default="")

    objects = ProgrammeQuerySet.as_manager()

    class Meta:
        ordering = ["title_en"]
        verbose_name = _("programme")
        verbose_name_plural = _("programmes")

    def __str__(self) -> str:
        return self.title_en


class PartnerRole(models.TextChoices):
    CO_ORGANISER = "co_organiser", _("Co-organiser")
    FUNDER = "funder", _("Funder")
    TECHNICAL = "technical", _("Technical partner")


class ProgrammePartner(TimeStampedModel):
    """An institution cooperating on a programme, under an agreement (e.g. an MoU)."""

    programme = models.ForeignKey(Programme, on_delete=models.CASCADE, related_name="partnerships")
    organisation = models.ForeignKey(
        "organisations.Organisation", verbose_name=_("partner"), on_delete=models.PROTECT, related_name="+"
    )
    role = models.CharField(_("role"), max_length=20, choices=PartnerRole.choices)
    agreement = models.CharField(_("agreement"), max_length=200, blank=True)
    start_date = models.DateField(_("start date"), null=True, blank=True)
    end_date = models.DateField(_("end date"), null=True, blank=True)

    class Meta:
        verbose_name = _("programme partner")
        verbose_name_plural = _("programme partners")
        constraints = [
            models.UniqueConstraint(fields=["programme", "organisation", "role"], name="programme_partner_unique"),
            models.CheckConstraint(
                condition=Q(end_date__isnull=True) | Q(start_date__isnull=True) | Q(end_date__gte=F("start_date")),
                name="programme_partner_dates",
                violation_error_message=_("The end date cannot be before the start date."),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.organisation} · {self.get_role_display()}"


class ProgrammePhase(TimeStampedModel):
    """A phase of a programme (School of Governance phase I 2016-2020, phase II 2021-2025)."""

    programme = models.ForeignKey(Programme, on_delete=models.CASCADE, related_name="phases")
    number = models.PositiveSmallIntegerField(_("phase"))
    start_date = models.DateField(_("start date"))
    end_date = models.DateField(_("end date"))
    planned_target_groups = models.PositiveIntegerField(_("target groups planned"), default=0)
    planned_officials = models.PositiveIntegerField(_("officials planned"), default=0)

    class Meta:
        ordering = ["programme", "number"]
        verbose_name = _("programme phase")
        verbose_name_plural = _("programme phases")
        constraints = [
            models.UniqueConstraint(fields=["programme", "number"], name="programme_phase_unique"),
            models.CheckConstraint(
                condition=Q(end_date__gte=F("start_date")),
                name="programme_phase_dates",
                violation_error_message=_("The end date cannot be before the start date."),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.programme} · {self.number}"


class CurriculumVersion(TimeStampedModel):
    """One version of a programme's curriculum. Events record the version they taught, so a
    version that an event used is never changed again: a new version is made instead."""

    programme = models.ForeignKey(Programme, on_delete=models.CASCADE, related_name="versions")
    number = models.PositiveSmallIntegerField(_("version"))
    effective_from = models.DateField(_("in use from"))
    notes = models.TextField(_("what changed"), blank=True)

    class Meta:
        ordering = ["programme", "-number"]
        verbose_name = _("curriculum version")
        verbose_name_plural = _("curriculum versions")
        constraints = [models.UniqueConstraint(fields=["programme", "number"], name="curriculum_version_unique")]

    def __str__(self) -> str:
        return f"{self.programme} v{self.number}"


class CurriculumModule(TimeStampedModel):
    """A module of a curriculum version: outcomes, hours, delivery mode, competencies built."""

    version = models.ForeignKey(CurriculumVersion, on_delete=models.CASCADE, related_name="modules")
    order = models.PositiveSmallIntegerField(_("order"), default=1)
    title_km = models.CharField(_("title in Khmer"), max_length=250)
    title_en = models.CharField(_("title in English"), max_length=250)
    outcomes_km = models.TextField(_("learning outcomes in Khmer"), blank=True)
    outcomes_en = models.TextField(_("learning outcomes in English"), blank=True)
    hours = models.DecimalField(
        _("hours"), max_digits=5, decimal_places=1, validators=[MinValueValidator(0), MaxValueValidator(999)]
    )
    delivery_mode = models.CharField(_("delivery mode"), max_length=20, choices=DeliveryMode.choices)
    competencies = models.ManyToManyField(
        Competency, verbose_name=_("competencies"), related_name="curriculum_modules", blank=True
    )

    class Meta:
        ordering = ["version", "order", "id"]
        verbose_name = _("curriculum module")
        verbose_name_plural = _("curriculum modules")
        constraints = [
            models.CheckConstraint(condition=Q(hours__gt=0), name="curriculum_module_hours_positive"),
        ]

    def __str__(self) -> str:
        return self.title_en
