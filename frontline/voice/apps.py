from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class VoiceConfig(AppConfig):
    """Citizens' voice: forums, household visits, concerns, routing, escalation, Open311."""

    name = "frontline.voice"
    label = "voice"
    verbose_name = _("Citizens' voice")

    def ready(self) -> None:
        from auditlog.registry import auditlog
        from django.db.models.signals import post_delete, post_save

        from frontline.accounts.roles import Perm
        from frontline.audit.redaction import register_redaction
        from frontline.audit.scopes import register_audit_scope
        from frontline.organisations.models import Organisation

        from . import models
        from .routing import forget_routing
        from .selectors import persons_hidden_from

        # The kept routing table follows every change of what it was read from.
        for sender in (models.RoutingRule, Organisation):
            for signal in (post_save, post_delete):
                signal.connect(forget_routing, sender=sender, dispatch_uid=f"voice.routing.{sender.__name__}")

        # An API key's hash stays out of the log; so does the derived search column.
        for model in models.AUDITED:
            auditlog.register(model, exclude_fields=["search_text", "updated_at", "key_hash", "token"])
        for model in (models.Concern, models.Mission, models.Forum, models.HouseholdVisit):
            register_audit_scope(model, lambda user, model=model: model.objects.visible_to(user, perm=Perm.AUDIT_VIEW))
        register_audit_scope(
            models.WorkingGroupAction,
            lambda user: models.WorkingGroupAction.objects.filter(
                concern__in=models.Concern.objects.visible_to(user, perm=Perm.AUDIT_VIEW)
            ),
        )
        # A confidential concern's person stays hidden in its audit entries too.
        register_redaction(models.Concern, fields=models.PERSON_FIELDS, hidden_from=persons_hidden_from)
