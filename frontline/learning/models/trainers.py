"""Trainers and their qualifications."""

from django.db import models
from django.db.models import F, Q
from django.utils.translation import gettext_lazy as _

from frontline.accounts.roles import Perm
from frontline.core.models import TimeStampedModel

from .catalogue import QualificationSubject


class TrainerQuerySet(models.QuerySet):
    def visible_to(self, user, *, perm: Perm = Perm.LEARNING_VIEW) -> "TrainerQuerySet":
        """The trainer roster is open to everyone who may see capacity development (organisers
        choose trainers from it); a trainer without that right sees their own record. Changing
        a trainer's record (qualifications) is for organisers of the trainer's institution or
        of the area and unit the trainer serves in."""
        from frontline.accounts.scoping import any_of, has_perm, scope_q

        if perm == Perm.LEARNING_MANAGE:
            condition = any_of(
                scope_q(user, perm, area_field="person__area_code", org_field="person__org_path"),
                scope_q(user, perm, area_field=None, org_field="institution__path"),
            )
            return self.none() if condition is None else self.filter(condition)
        if has_perm(user, perm):
            return self
        if perm == Perm.LEARNING_VIEW and has_perm(user, Perm.LEARNING_TRAIN) and user.person_id:
            return self.filter(person_id=user.person_id)
        return self.none()


class Trainer(TimeStampedModel):
    """A person who teaches on programmes, attached to a training institution or independent."""

    person = models.OneToOneField(
        "people.Person", verbose_name=_("person"), on_delete=models.PROTECT, related_name="trainer"
    )
    institution = models.ForeignKey(
        "organisations.Organisation",
        verbose_name=_("training institution"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    is_active = models.BooleanField(_("active"), default=True)
    # Kept by the evaluation service: sum and count of participants' ratings (1-5).
    rating_total = models.PositiveIntegerField(default=0, editable=False)
    rating_count = models.PositiveIntegerField(default=0, editable=False)

    objects = TrainerQuerySet.as_manager()

    class Meta:
        ordering = ["person__name_sort"]
        verbose_name = _("trainer")
        verbose_name_plural = _("trainers")

    def __str__(self) -> str:
        return str(self.person)

    @property
    def average_rating(self) -> float | None:
        return self.rating_total / self.rating_count if self.rating_count else None


class TrainerQualification(TimeStampedModel):
    """A trainer's qualification in a subject: certificate, date, issuing body."""

    trainer = models.ForeignKey(Trainer, on_delete=models.CASCADE, related_name="qualifications")
    subject = models.ForeignKey(
        QualificationSubject, verbose_name=_("subject"), on_delete=models.PROTECT, related_name="+"
    )
    certificate = models.CharField(_("certificate"), max_length=200)
    issued_on = models.DateField(_("date issued"))
    issuing_body = models.CharField(_("issuing body"), max_length=200)
    valid_until = models.DateField(_("valid until"), null=True, blank=True)

    class Meta:
        ordering = ["trainer", "-issued_on"]
        verbose_name = _("trainer qualification")
        verbose_name_plural = _("trainer qualifications")
        constraints = [
            models.CheckConstraint(
                condition=Q(valid_until__isnull=True) | Q(valid_until__gte=F("issued_on")),
                name="qualification_validity",
                violation_error_message=_("A qualification cannot expire before it is issued."),
            )
        ]

    def __str__(self) -> str:
        return f"{self.subject} · {self.certificate}"

    def covers(self, day) -> bool:
        return self.issued_on <= day and (self.valid_until is None or day <= self.valid_until)
