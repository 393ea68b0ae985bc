"""Certificates: a unique number, what and when, verifiable in public, revocable."""

from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from frontline.accounts.roles import Perm
from frontline.core.models import TimeStampedModel

from .enrolment import Enrolment


class CertificateQuerySet(models.QuerySet):
    def visible_to(self, user, *, perm: Perm = Perm.LEARNING_VIEW) -> "CertificateQuerySet":
        """Certificates of the participants the user may see (see Enrolment.visible_to), and a
        signed-in official's own (an online learner downloads the certificate they earned)."""
        reached = Q(enrolment__in=Enrolment.objects.visible_to(user, perm=perm).values("pk"))
        person_id = getattr(user, "person_id", None) if getattr(user, "is_authenticated", False) else None
        if perm == Perm.LEARNING_VIEW and person_id and getattr(user, "is_active", False):
            reached |= Q(person_id=person_id)
        return self.filter(reached)

    def valid(self) -> "CertificateQuerySet":
        return self.filter(revoked_at__isnull=True)


class Certificate(TimeStampedModel):
    """Issued to a participant who met the programme's completion rule. The names, title and
    date are copied at issue: the certificate says what was true that day."""

    number = models.CharField(_("number"), max_length=24, unique=True)
    enrolment = models.OneToOneField(
        Enrolment, verbose_name=_("enrolment"), on_delete=models.PROTECT, related_name="certificate"
    )
    person = models.ForeignKey(
        "people.Person", verbose_name=_("holder"), on_delete=models.PROTECT, related_name="certificates"
    )
    name_km = models.CharField(_("name in Khmer"), max_length=170)
    name_latin = models.CharField(_("name in Latin letters"), max_length=170, blank=True)
    title_km = models.CharField(_("title in Khmer"), max_length=250)
    title_en = models.CharField(_("title in English"), max_length=250)
    completed_on = models.DateField(_("completed on"))
    hours = models.DecimalField(_("hours"), max_digits=6, decimal_places=1)
    issued_at = models.DateTimeField(_("issued at"))
    issued_by = models.ForeignKey(
        "accounts.User",
        verbose_name=_("issued by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    revoked_at = models.DateTimeField(_("revoked at"), null=True, blank=True)
    revoked_reason = models.TextField(_("reason for revoking"), blank=True)
    revoked_by = models.ForeignKey(
        "accounts.User",
        verbose_name=_("revoked by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )

    objects = CertificateQuerySet.as_manager()

    class Meta:
        ordering = ["-issued_at", "-id"]
        verbose_name = _("certificate")
        verbose_name_plural = _("certificates")
        constraints = [
            models.CheckConstraint(
                condition=Q(revoked_at__isnull=True) | ~Q(revoked_reason=""),
                name="certificate_revoked_with_reason",
                violation_error_message=_("Say why the certificate is revoked."),
            )
        ]

    def __str__(self) -> str:
        return self.number

    @property
    def is_revoked(self) -> bool:
        return self.revoked_at is not None
