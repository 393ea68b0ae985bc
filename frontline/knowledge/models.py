"""The knowledge library: good practices, innovations and leadership examples, in Khmer and
English, contributed by units and linked to the competencies and programmes they illustrate."""

from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from frontline.accounts.roles import Perm
from frontline.core.models import TimeStampedModel


class PracticeKind(models.TextChoices):
    GOOD_PRACTICE = "good_practice", _("Good practice")
    INNOVATION = "innovation", _("Innovation")
    LEADERSHIP = "leadership", _("Leadership example")


class PracticeStatus(models.TextChoices):
    DRAFT = "draft", _("Draft")
    PUBLISHED = "published", _("Published")


class PracticeQuerySet(models.QuerySet):
    def visible_to(self, user, *, perm: Perm = Perm.LEARNING_VIEW) -> "PracticeQuerySet":
        """Practices the user reaches with `perm`.

        - learning.view: every published practice (the library is shared by the whole
          administration); drafts of the units in the user's knowledge.contribute scope, and
          drafts in their learning.manage scope (organisers review them);
        - knowledge.contribute (editing): drafts of the units in scope; organisers edit any
          practice in their learning.manage scope;
        - learning.manage (publishing): practices of the units in the user's scope.
        """
        from frontline.accounts.scoping import any_of, has_perm

        if perm == Perm.LEARNING_MANAGE:
            condition = _unit_scope(user, Perm.LEARNING_MANAGE)
        elif perm == Perm.KNOWLEDGE_CONTRIBUTE:
            own_drafts = _unit_scope(user, Perm.KNOWLEDGE_CONTRIBUTE)
            if own_drafts is not None:
                own_drafts &= Q(status=PracticeStatus.DRAFT)
            condition = any_of(own_drafts, _unit_scope(user, Perm.LEARNING_MANAGE))
        else:
            published = Q(status=PracticeStatus.PUBLISHED) if has_perm(user, perm) else None
            drafts = any_of(_unit_scope(user, Perm.KNOWLEDGE_CONTRIBUTE), _unit_scope(user, Perm.LEARNING_MANAGE))
            if drafts is not None:
                drafts &= Q(status=PracticeStatus.DRAFT)
            condition = any_of(published, drafts)
        return self.none() if condition is None else self.filter(condition)


def _unit_scope(user, perm: Perm) -> Q | None:
    """Practices of the units inside the user's areas or organisation subtrees for `perm`."""
    from frontline.accounts.scoping import scope_q

    return scope_q(user, perm, area_field="area_code", org_field="unit_path")


class Practice(TimeStampedModel):
    kind = models.CharField(_("kind"), max_length=16, choices=PracticeKind.choices)
    title_km = models.CharField(_("title in Khmer"), max_length=250)
    title_en = models.CharField(_("title in English"), max_length=250)
    summary_km = models.TextField(_("summary in Khmer"))
    summary_en = models.TextField(_("summary in English"), blank=True)
    body_km = models.TextField(_("the practice in Khmer"), blank=True)
    body_en = models.TextField(_("the practice in English"), blank=True)
    unit = models.ForeignKey(
        "organisations.Organisation", verbose_name=_("contributing unit"), on_delete=models.PROTECT, related_name="+"
    )
    # Copied from the unit by the services, for scoping (one indexed table, no joins).
    unit_path = models.CharField(max_length=64, editable=False, default="")
    area_code = models.CharField(max_length=8, editable=False, default="", blank=True)
    competencies = models.ManyToManyField(
        "learning.Competency", verbose_name=_("competencies"), related_name="practices", blank=True
    )
    programmes = models.ManyToManyField(
        "learning.Programme", verbose_name=_("programmes"), related_name="practices", blank=True
    )
    attachment = models.FileField(_("attachment"), upload_to="knowledge/", blank=True)
    attachment_is_pdf = models.BooleanField(default=False, editable=False)
    attachment_bytes = models.PositiveIntegerField(null=True, blank=True, editable=False)
    image_width = models.PositiveIntegerField(null=True, blank=True, editable=False)
    image_height = models.PositiveIntegerField(null=True, blank=True, editable=False)
    status = models.CharField(_("status"), max_length=10, choices=PracticeStatus.choices, default=PracticeStatus.DRAFT)
    contributed_by = models.ForeignKey(
        "accounts.User",
        verbose_name=_("contributed by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    published_at = models.DateTimeField(_("published at"), null=True, blank=True)
    published_by = models.ForeignKey(
        "accounts.User",
        verbose_name=_("published by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    search_text = models.TextField(editable=False, default="")

    objects = PracticeQuerySet.as_manager()

    class Meta:
        ordering = ["-published_at", "-id"]
        verbose_name = _("practice")
        verbose_name_plural = _("practices")
        indexes = [
            models.Index(fields=["status", "-published_at"], name="practice_status_published"),
            models.Index(fields=["unit_path"], name="practice_unit_path"),
            models.Index(fields=["area_code"], name="practice_area"),
        ]
        constraints = [
            models.CheckConstraint(
                condition=Q(status=PracticeStatus.DRAFT) | Q(published_at__isnull=False),
                name="practice_published_when",
            )
        ]

    def __str__(self) -> str:
        return self.title_en
