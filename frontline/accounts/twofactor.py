"""TOTP two-factor sign-in, required for the roles listed in settings.FRONTLINE_2FA_ROLES and
for every staff or superuser account (they reach the admin, whatever their roles)."""

from django.conf import settings
from django_otp import user_has_device

from .scoping import roles_of


def requires_two_factor(user) -> bool:
    if getattr(user, "is_staff", False) or getattr(user, "is_superuser", False):
        return True
    required = set(getattr(settings, "FRONTLINE_2FA_ROLES", ()))
    return bool(required & roles_of(user))


def two_factor_satisfied(request, user) -> bool:
    if not requires_two_factor(user):
        return True
    is_verified = getattr(request.user, "is_verified", None)
    return bool(is_verified and is_verified())


def needs_enrolment(user) -> bool:
    return requires_two_factor(user) and not user_has_device(user, confirmed=True)
