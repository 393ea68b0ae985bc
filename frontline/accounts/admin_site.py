"""The admin site, open only to system administrators who have confirmed sign-in with a code.

Django's own check (is_active and is_staff) knows nothing of roles or two-factor sign-in: a
staff flag set once, or a superuser created from the shell, would otherwise reach every
record. Installed through FrontlineAdminConfig in INSTALLED_APPS, so `admin.site` is this.
"""

from django.contrib import admin
from django.contrib.admin.apps import AdminConfig

from .roles import Role
from .scoping import roles_of
from .twofactor import two_factor_satisfied


class FrontlineAdminSite(admin.AdminSite):
    def has_permission(self, request) -> bool:
        user = request.user
        return (
            super().has_permission(request)
            and Role.SYSTEM_ADMIN in roles_of(user)
            and two_factor_satisfied(request, user)
        )


class FrontlineAdminConfig(AdminConfig):
    default_site = "frontline.accounts.admin_site.FrontlineAdminSite"
