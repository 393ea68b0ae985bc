from django.apps import AppConfig


class AccountsConfig(AppConfig):
    name = "frontline.accounts"
    label = "accounts"

    def ready(self) -> None:
        from auditlog.registry import auditlog

        from .models import RoleAssignment, User

        auditlog.register(User, exclude_fields=["password", "last_login"])
        auditlog.register(RoleAssignment)
