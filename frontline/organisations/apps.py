from django.apps import AppConfig


class OrganisationsConfig(AppConfig):
    name = "frontline.organisations"
    label = "organisations"

    def ready(self) -> None:
        from auditlog.registry import auditlog

        from .models import Organisation

        auditlog.register(Organisation, exclude_fields=["search_text", "updated_at"])
