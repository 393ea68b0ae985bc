from django.apps import AppConfig


class AuditConfig(AppConfig):
    name = "frontline.audit"
    label = "audit"
