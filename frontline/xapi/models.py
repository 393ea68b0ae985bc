"""xAPI statements: each learning activity (attended, completed, passed, failed) as the
Experience API (1.0.3) records it, kept here until a learning record store has it."""

import uuid

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from frontline.accounts.roles import Perm

XAPI_VERSION = "1.0.3"


class Verb(models.TextChoices):
    """ADL verbs (http://adlnet.gov/expapi/verbs/)."""

    ATTENDED = "http://adlnet.gov/expapi/verbs/attended", _("attended")
    COMPLETED = "http://adlnet.gov/expapi/verbs/completed", _("completed")
    PASSED = "http://adlnet.gov/expapi/verbs/passed", _("passed")
    FAILED = "http://adlnet.gov/expapi/verbs/failed", _("failed")
    VOIDED = "http://adlnet.gov/expapi/verbs/voided", _("voided")


class ActivityType(models.TextChoices):
    MEETING = "http://adlnet.gov/expapi/activities/meeting", _("Training event")
    COURSE = "http://adlnet.gov/expapi/activities/course", _("Online course")
    LESSON = "http://adlnet.gov/expapi/activities/lesson", _("Lesson")
    STATEMENT = "StatementRef", _("Statement")


class StatementQuerySet(models.QuerySet):
    def visible_to(self, user, *, perm: Perm = Perm.LEARNING_VIEW) -> "StatementQuerySet":
        """The statements of the participants the user may see: the same reach as
        Enrolment.visible_to (through the event, or through the participant's own area and
        unit at enrolment), over the columns copied onto each statement."""
        from frontline.accounts.scoping import any_of, scope_q
        from frontline.learning.models import event_scope

        by_event = event_scope(user, perm, prefix="event__", with_quotas=False)
        by_participant = scope_q(
            user, perm, area_field="area_code", org_field="org_path", province_field="province_code"
        )
        condition = any_of(by_event, by_participant)
        return self.none() if condition is None else self.filter(condition)

    def exported(self) -> "StatementQuerySet":
        """What a learning record store lists: voided statements are left out (their voiding
        statements are not)."""
        return self.filter(voided=False)


class Statement(models.Model):
    """One statement. `ref` names what it records in Frontline ("mark:12", "enrolment:5"), so a
    statement is written once per fact and a correction can void it."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    verb = models.CharField(_("verb"), max_length=60, choices=Verb.choices)
    person = models.ForeignKey("people.Person", on_delete=models.PROTECT, related_name="+")
    enrolment = models.ForeignKey("learning.Enrolment", on_delete=models.PROTECT, related_name="xapi_statements")
    event = models.ForeignKey("learning.TrainingEvent", on_delete=models.PROTECT, related_name="+")
    object_id = models.CharField(_("activity"), max_length=500)
    object_type = models.CharField(max_length=60, choices=ActivityType.choices)
    object_name_km = models.CharField(max_length=250, blank=True)
    object_name_en = models.CharField(max_length=250, blank=True)
    score_scaled = models.FloatField(null=True, blank=True, validators=[MinValueValidator(0), MaxValueValidator(1)])
    success = models.BooleanField(null=True, blank=True)
    completion = models.BooleanField(null=True, blank=True)
    context = models.JSONField(default=dict, blank=True)
    timestamp = models.DateTimeField(_("when it happened"))
    stored = models.DateTimeField(_("stored"), default=timezone.now)
    ref = models.CharField(max_length=80)
    voided = models.BooleanField(_("voided"), default=False)
    sent_at = models.DateTimeField(_("sent to the learning record store"), null=True, blank=True)
    # The participant's area and unit at enrolment, copied for scoping (as on Enrolment).
    area_code = models.CharField(max_length=8, blank=True, default="")
    org_path = models.CharField(max_length=64, blank=True, default="")
    province_code = models.CharField(max_length=2, blank=True, default="")

    objects = StatementQuerySet.as_manager()

    class Meta:
        ordering = ["stored", "id"]
        verbose_name = _("xAPI statement")
        verbose_name_plural = _("xAPI statements")
        constraints = [
            models.UniqueConstraint(fields=["verb", "ref"], condition=Q(voided=False), name="xapi_statement_once"),
        ]
        indexes = [
            models.Index(fields=["stored", "id"], name="xapi_stored"),
            models.Index(fields=["sent_at", "stored"], name="xapi_unsent"),
        ]

    def __str__(self) -> str:
        return f"{self.person_id} {self.get_verb_display()} {self.object_id}"

    def as_xapi(self) -> dict:
        """The statement as JSON (xAPI 1.0.3). The actor is an account on this platform, named
        by the person's id: no name, e-mail or phone leaves with it."""
        verb_name = self.verb.rsplit("/", 1)[-1]
        statement = {
            "id": str(self.id),
            "actor": {
                "objectType": "Agent",
                "account": {"homePage": settings.FRONTLINE_PUBLIC_URL, "name": str(self.person_id)},
            },
            "verb": {"id": self.verb, "display": {"en-US": verb_name}},
            "object": self._object(),
            "timestamp": self.timestamp.isoformat(),
            "stored": self.stored.isoformat(),
            "version": XAPI_VERSION,
        }
        result = self._result()
        if result:
            statement["result"] = result
        if self.context:
            statement["context"] = self.context
        return statement

    def _object(self) -> dict:
        if self.object_type == ActivityType.STATEMENT:
            return {"objectType": "StatementRef", "id": self.object_id}
        names = {"km": self.object_name_km, "en-US": self.object_name_en}
        return {
            "objectType": "Activity",
            "id": self.object_id,
            "definition": {"type": self.object_type, "name": {k: v for k, v in names.items() if v}},
        }

    def _result(self) -> dict:
        result = {}
        if self.score_scaled is not None:
            raw = round(self.score_scaled * 100, 1)
            result["score"] = {"scaled": self.score_scaled, "raw": raw, "min": 0, "max": 100}
        if self.success is not None:
            result["success"] = self.success
        if self.completion is not None:
            result["completion"] = self.completion
        return result
