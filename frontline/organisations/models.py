from django.db import models
from django.utils.translation import gettext_lazy as _

from frontline.accounts.roles import Perm
from frontline.core.models import TimeStampedModel

PATH_SEGMENT = 4  # digits per level of the organisation tree: up to 9,999 children each


class OrgKind(models.TextChoices):
    MINISTRY = "ministry", _("Ministry")
    INSTITUTION = "institution", _("Institution")
    DEPARTMENT = "department", _("Department")
    PROVINCIAL_DEPARTMENT = "provincial_department", _("Provincial department")
    SUBNATIONAL = "subnational", _("Sub-national administration")
    TRAINING_INSTITUTION = "training_institution", _("Training institution")
    OFFICE = "office", _("Office or unit")
    PARTNER = "partner", _("Partner organisation")


class OrganisationQuerySet(models.QuerySet):
    def visible_to(self, user, *, perm: Perm = Perm.ORGANISATIONS_VIEW) -> "OrganisationQuerySet":
        """Organisations inside the user's areas or organisation subtrees.

        National grants see every organisation; a provincial officer sees the units tied
        to areas inside their province (provincial departments, sub-national
        administrations); an organisation grant sees that organisation and its units.
        """
        from frontline.accounts.scoping import scope_q

        condition = scope_q(user, perm, area_field="area_code", org_field="path")
        return self.none() if condition is None else self.filter(condition)


class Organisation(TimeStampedModel):
    """A ministry, institution, department, sub-national administration or partner."""

    code = models.SlugField(_("code"), max_length=40, unique=True)
    parent = models.ForeignKey(
        "self",
        verbose_name=_("part of"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="units",
    )
    # Materialised path: the parent's path plus this unit's 4-digit position; a subtree is
    # a range of paths (see geography.codes.subtree_q).
    path = models.CharField(max_length=64, unique=True, editable=False)
    kind = models.CharField(_("kind"), max_length=30, choices=OrgKind.choices)
    name_km = models.CharField(_("name in Khmer"), max_length=200)
    name_en = models.CharField(_("name in English"), max_length=200)
    abbreviation = models.CharField(_("abbreviation"), max_length=20, blank=True)
    area = models.ForeignKey(
        "geography.Area",
        verbose_name=_("area"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        help_text=_("The area a provincial department or sub-national administration serves."),
    )
    area_code = models.CharField(max_length=8, blank=True, default="", editable=False, db_index=True)
    is_active = models.BooleanField(_("active"), default=True)
    search_text = models.TextField(editable=False, default="")

    objects = OrganisationQuerySet.as_manager()

    class Meta:
        ordering = ["path"]
        verbose_name = _("organisation")
        verbose_name_plural = _("organisations")

    def __str__(self) -> str:
        return self.name_en

    @property
    def depth(self) -> int:
        return len(self.path) // PATH_SEGMENT
