from django.db import models
from django.utils.translation import gettext_lazy as _

from frontline.core.models import FastChoicesModel


class Level(models.TextChoices):
    PROVINCE = "province", _("Capital or province")
    DISTRICT = "district", _("Municipality, district or khan")
    COMMUNE = "commune", _("Commune or sangkat")
    VILLAGE = "village", _("Village")


class Kind(models.TextChoices):
    CAPITAL = "capital", _("Capital")
    PROVINCE = "province", _("Province")
    MUNICIPALITY = "municipality", _("Municipality")
    DISTRICT = "district", _("District")
    KHAN = "khan", _("Khan")
    COMMUNE = "commune", _("Commune")
    SANGKAT = "sangkat", _("Sangkat")
    VILLAGE = "village", _("Village")


class AreaQuerySet(models.QuerySet):
    def visible_to(self, user, *, perm=None) -> "AreaQuerySet":
        """The gazetteer is public reference data: every signed-in user sees every area.

        Scope still matters for what a user may do *inside* an area (see accounts.scoping);
        browsing the tree itself reveals nothing that is not published by the NCDD.
        """
        from frontline.accounts.roles import Perm
        from frontline.accounts.scoping import has_perm

        return self if has_perm(user, perm or Perm.AREAS_VIEW) else self.none()

    def inside(self, prefix: str) -> "AreaQuerySet":
        from .codes import subtree_q

        return self.filter(subtree_q("code", prefix))


class Area(FastChoicesModel):
    """An administrative area of the NCDD tree, identified by its code."""

    code = models.CharField(_("code"), max_length=8, primary_key=True)
    parent = models.ForeignKey(
        "self",
        verbose_name=_("parent"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="children",
    )
    level = models.CharField(_("level"), max_length=10, choices=Level.choices)
    kind = models.CharField(_("kind"), max_length=12, choices=Kind.choices)
    name_km = models.CharField(_("name in Khmer"), max_length=120)
    name_en = models.CharField(_("name in English"), max_length=120)
    search_text = models.TextField(editable=False, default="")

    objects = AreaQuerySet.as_manager()

    class Meta:
        ordering = ["code"]
        verbose_name = _("area")
        verbose_name_plural = _("areas")
        indexes = [models.Index(fields=["level", "code"], name="area_level_code")]

    def __str__(self) -> str:
        return f"{self.code} {self.name_en}"

    @property
    def province_code(self) -> str:
        return self.code[:2]

    def ancestor_codes(self) -> list[str]:
        return [self.code[:n] for n in (2, 4, 6) if n < len(self.code)]
