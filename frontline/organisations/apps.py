from django.apps import AppConfig


class OrganisationsConfig(AppConfig):
    name = "frontline.organisations"
    label = "organisations"

    def ready(self) -> None:
        from auditlog.registry import auditlog

        from frontline.accounts.roles import Perm
        from frontline.audit.scopes import register_audit_scope

        from .models import Organisation

        auditlog.register(Organisation, exclude_fields=["search_text", "updated_at"])
        register_audit_scope(Organisation, lambda user: Organisation.objects.visible_to(user, perm=Perm.AUDIT_VIEW))
