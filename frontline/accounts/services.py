"""Writes to accounts: users, role assignments, API tokens. Every one is audited with its actor.

Managers act within frontline.accounts.granting: the services refuse, with a field error,
whatever the manager may not grant, whatever a form let through.
"""

from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

from frontline.audit.context import service

from .granting import grant_problem, may_manage
from .models import ApiToken, RoleAssignment, User
from .scoping import forget_assignments

_GRANT_ERRORS = {
    "role": lambda: _("You may not grant this role."),
    "area": lambda: _("Choose an area within your scope."),
    "organisation": lambda: _("Choose an organisation within your scope."),
}


def _check_grantable(manager, assignment: RoleAssignment) -> None:
    if manager is not None and assignment.user_id == manager.pk:
        # Nobody changes their own rights, not even within reach.
        raise ValidationError(_("You may not change your own roles."), code="own_roles")
    org_path = assignment.organisation.path if assignment.organisation_id else ""
    problem = grant_problem(manager, role=assignment.role, area_code=assignment.area_id or "", org_path=org_path)
    if problem:
        raise ValidationError({problem: _GRANT_ERRORS[problem]()}, code="not_grantable")


@service
def role_assign(*, acting_user, user: User, role: str, area=None, organisation=None) -> RoleAssignment:
    assignment = RoleAssignment(user=user, role=role, area=area, organisation=organisation)
    _check_grantable(acting_user, assignment)
    assignment.full_clean()  # the level a role needs, and no duplicate
    assignment.save()
    forget_assignments(user)
    return assignment


@service
def role_remove(*, acting_user, assignment: RoleAssignment) -> None:
    _check_grantable(acting_user, assignment)
    assignment.delete()
    forget_assignments(assignment.user)


@service
def user_create(*, acting_user, username: str, password: str, role: str, area=None, organisation=None, **names) -> User:
    """A new account with its first role (an account without one would be out of every scoped manager's sight)."""
    user = User(username=username, **{key: names.get(key, "") for key in ("first_name", "last_name", "email")})
    try:
        validate_password(password, user)
    except ValidationError as weak:
        raise ValidationError({"password": weak.messages}) from weak
    user.set_password(password)
    user.full_clean(exclude=["password"])
    user.save()
    role_assign(acting_user=acting_user, user=user, role=role, area=area, organisation=organisation)
    return user


def _check_manageable(manager, account: User) -> None:
    if not may_manage(manager, account):
        raise ValidationError(_("You may not change this account: it holds roles you may not grant."), code="scope")


@service
def user_deactivate(*, acting_user, user: User) -> User:
    """Sign-in, sessions and API tokens stop; the account and its history stay (never deleted)."""
    _check_manageable(acting_user, user)
    user.is_active = False
    user.save(update_fields=["is_active"])
    for token in ApiToken.objects.filter(user=user):
        token.delete()  # one by one, so each revocation is audited
    return user


@service
def user_reactivate(*, acting_user, user: User) -> User:
    _check_manageable(acting_user, user)
    user.is_active = True
    user.save(update_fields=["is_active"])
    return user


@service
def token_revoke(*, acting_user, token: ApiToken) -> None:
    token.delete()
