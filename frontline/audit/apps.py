from django.apps import AppConfig


class AuditConfig(AppConfig):
    name = "frontline.audit"
    label = "audit"

    def ready(self) -> None:
        from auditlog.models import LogEntry
        from django.db.models.signals import pre_save

        from .context import stamp_entry

        pre_save.connect(stamp_entry, sender=LogEntry, dispatch_uid="frontline.audit.stamp_entry")
