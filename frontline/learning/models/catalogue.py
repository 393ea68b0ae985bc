"""What training is about: competencies, target groups, trainer qualification subjects.

These are reference lists shared by the whole administration: everyone who may see
capacity development sees them; only organisers change them.
"""

from django.db import models
from django.utils.translation import gettext_lazy as _

from frontline.accounts.roles import Perm
from frontline.core.models import TimeStampedModel
from frontline.people.models import PostLevel


class ReferenceQuerySet(models.QuerySet):
    def visible_to(self, user, *, perm: Perm = Perm.LEARNING_VIEW):
        """Reference lists are public within the platform: anyone holding `perm` anywhere."""
        from frontline.accounts.scoping import has_perm

        return self if has_perm(user, perm) else self.none()


class NamedReference(TimeStampedModel):
    code = models.SlugField(_("code"), max_length=40, unique=True)
    name_km = models.CharField(_("name in Khmer"), max_length=200)
    name_en = models.CharField(_("name in English"), max_length=200)

    objects = ReferenceQuerySet.as_manager()

    class Meta:
        abstract = True
        ordering = ["code"]

    def __str__(self) -> str:
        return self.name_en


class CompetencyDomain(NamedReference):
    """A family of competencies, e.g. leadership, public service delivery, social protection."""

    order = models.PositiveSmallIntegerField(_("order"), default=0)

    class Meta(NamedReference.Meta):
        ordering = ["order", "code"]
        verbose_name = _("competency domain")
        verbose_name_plural = _("competency domains")


class Competency(NamedReference):
    """What an official can do after training, at the management or the technical level."""

    domain = models.ForeignKey(
        CompetencyDomain, verbose_name=_("domain"), on_delete=models.PROTECT, related_name="competencies"
    )
    level = models.CharField(_("level"), max_length=12, choices=PostLevel.choices)
    description_km = models.TextField(_("description in Khmer"), blank=True)
    description_en = models.TextField(_("description in English"), blank=True)
    search_text = models.TextField(editable=False, default="")

    class Meta(NamedReference.Meta):
        ordering = ["domain__order", "level", "code"]
        verbose_name = _("competency")
        verbose_name_plural = _("competencies")


class TargetGroup(NamedReference):
    """Who a programme is for, e.g. provincial social affairs specialists, commune councillors."""

    class Meta(NamedReference.Meta):
        verbose_name = _("target group")
        verbose_name_plural = _("target groups")


class QualificationSubject(NamedReference):
    """A subject a trainer can be qualified to teach (programmes require some)."""

    class Meta(NamedReference.Meta):
        verbose_name = _("qualification subject")
        verbose_name_plural = _("qualification subjects")


class PositionProfile(NamedReference):
    """A standard position (e.g. commune social worker) and the competencies it requires.

    Posts name their position as free text; the profile whose Khmer or English name is that
    text is what an official's gained competencies are measured against.
    """

    level = models.CharField(_("level"), max_length=12, choices=PostLevel.choices)
    competencies = models.ManyToManyField(
        Competency, verbose_name=_("required competencies"), related_name="required_by", blank=True
    )

    class Meta(NamedReference.Meta):
        verbose_name = _("position profile")
        verbose_name_plural = _("position profiles")
