from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class LearningConfig(AppConfig):
    """Capacity development: competencies, programmes, events, attendance, tests, certificates."""

    name = "frontline.learning"
    label = "learning"
    verbose_name = _("Capacity development")

    def ready(self) -> None:
        from auditlog.registry import auditlog

        from . import models

        # Capability secrets (a badge's code, a supervisor's link) stay out of the log: whoever
        # reads the log must not be able to mark attendance or answer a follow-up with them.
        for model in models.AUDITED:
            auditlog.register(model, exclude_fields=["search_text", "updated_at", "badge_code", "token"])
        _register_audit_scopes(models)

        from frontline.organisations.services import UNIT_MOVED

        from .services.planning import unit_moved

        UNIT_MOVED.append(unit_moved)


def _register_audit_scopes(models) -> None:
    """An auditor limited to an area or organisation reads the history of the learning records
    inside it: events and what hangs on them, participants, plans (strategic ones with their
    targets), needs, indicators."""
    from frontline.accounts.roles import Perm
    from frontline.audit.scopes import register_audit_scope

    def events(user):
        return models.TrainingEvent.objects.visible_to(user, perm=Perm.AUDIT_VIEW)

    def enrolments(user):
        return models.Enrolment.objects.visible_to(user, perm=Perm.AUDIT_VIEW)

    for model in (
        models.TrainingEvent,
        models.Enrolment,
        models.Programme,
        models.NeedsAssessment,
        models.TrainingPlan,
        models.IndicatorValue,
        models.Certificate,
        models.StrategicPlan,
    ):
        register_audit_scope(model, lambda user, model=model: model.objects.visible_to(user, perm=Perm.AUDIT_VIEW))
    register_audit_scope(
        models.StrategicTarget,
        lambda user: models.StrategicTarget.objects.filter(
            plan__in=models.StrategicPlan.objects.visible_to(user, perm=Perm.AUDIT_VIEW)
        ),
    )
    for model in (models.EventSession, models.EventQuota, models.BudgetLine, models.EventTrainer, models.EventTest):
        register_audit_scope(model, lambda user, model=model: model.objects.filter(event__in=events(user)))
    for model in (models.AttendanceMark, models.AnswerSheet, models.Evaluation, models.FollowUp):
        register_audit_scope(model, lambda user, model=model: model.objects.filter(enrolment__in=enrolments(user)))
