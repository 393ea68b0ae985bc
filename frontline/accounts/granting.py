"""Who may hand out which role where: the rules of account management.

A holder of accounts.manage may grant a role
- only if it carries no permission they do not hold themselves (apart from per-record ones),
  so an administrator cannot make an auditor or a system administrator, and
- only inside one of their accounts.manage grants: an area inside its area, an organisation
  inside its organisation; a national assignment needs a national grant.
They may deactivate an account only if they could have granted every role it holds.
"""

from .models import RoleAssignment
from .roles import PER_RECORD_PERMS, ROLE_PERMISSIONS, Perm, Role
from .scoping import Grant, grants, roles_of


def manager_permissions(manager) -> frozenset[Perm]:
    held = [ROLE_PERMISSIONS.get(role, frozenset()) for role in roles_of(manager)]
    return frozenset().union(*held) if held else frozenset()


def grantable_roles(manager) -> list[Role]:
    if not grants(manager, Perm.ACCOUNTS_MANAGE):
        return []
    mine = manager_permissions(manager) | PER_RECORD_PERMS
    return [role for role in Role if ROLE_PERMISSIONS.get(role, frozenset()) <= mine]


def _area_fits(grant: Grant, area_code: str) -> bool:
    return grant.area_prefix is None or bool(area_code) and area_code.startswith(grant.area_prefix)


def _org_fits(grant: Grant, org_path: str) -> bool:
    return grant.org_path is None or bool(org_path) and org_path.startswith(grant.org_path)


def grant_problem(manager, *, role: str, area_code: str = "", org_path: str = "") -> str | None:
    """Which part of an assignment the manager may not grant ("role", "area", "organisation"), or None."""
    if role not in grantable_roles(manager):
        return "role"
    manager_grants = grants(manager, Perm.ACCOUNTS_MANAGE)
    if not any(_area_fits(grant, area_code) for grant in manager_grants):
        return "area"
    if not any(_area_fits(grant, area_code) and _org_fits(grant, org_path) for grant in manager_grants):
        return "organisation"
    return None


def may_grant(manager, assignment: RoleAssignment) -> bool:
    org_path = assignment.organisation.path if assignment.organisation_id else ""
    return grant_problem(manager, role=assignment.role, area_code=assignment.area_id or "", org_path=org_path) is None


def may_manage(manager, account) -> bool:
    """Whether the manager may (de)activate this account: not their own, every role within reach."""
    if account.pk == manager.pk:
        return False
    return all(may_grant(manager, assignment) for assignment in account.assignments.select_related("organisation"))
