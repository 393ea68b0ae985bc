from django.apps import AppConfig


class AccountsConfig(AppConfig):
    name = "frontline.accounts"
    label = "accounts"

    def ready(self) -> None:
        from auditlog.registry import auditlog
        from django.contrib.auth.models import Group
        from django_otp.plugins.otp_totp.models import TOTPDevice

        from .models import ApiToken, RoleAssignment, User

        # Who may sign in, with which rights and which second factors: all audited, secrets never.
        auditlog.register(User, exclude_fields=["password", "last_login"], m2m_fields={"groups", "user_permissions"})
        auditlog.register(RoleAssignment)
        auditlog.register(Group, m2m_fields={"permissions"})
        # A device's key is its secret; its counters change at every sign-in and are not news.
        auditlog.register(TOTPDevice, include_fields=["user", "name", "confirmed"])
        auditlog.register(ApiToken, exclude_fields=["key_hash"])
