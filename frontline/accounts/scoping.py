"""What a user may see follows from their role assignments: the one mechanism behind every
model's `visible_to(user)`.

For a permission, a user's *grants* are the (area prefix, organisation path) pairs of the
assignments whose role carries that permission. A model's scoping function turns them
into one Q over its own area-code and organisation-path columns (ranges on indexed
columns, see geography.codes). No grant means nothing is visible: default deny.

Modules that need per-record access (a child's case seen only by its social worker and
their supervisors) OR their own condition onto `scope_q(...)`, e.g.
`scope_q(user, Perm.CASES_VIEW, area_field=..., org_field=None) | Q(assigned_worker=user)`.
"""

from dataclasses import dataclass

from django.db.models import Q

from frontline.geography.codes import subtree_q

from .roles import ROLE_PERMISSIONS, Perm


@dataclass(frozen=True)
class Grant:
    area_prefix: str | None  # None: not limited by area
    org_path: str | None  # None: not limited by organisation

    @property
    def is_national(self) -> bool:
        return self.area_prefix is None and self.org_path is None


_CACHE_ATTRIBUTE = "_frontline_assignments"


def _assignments(user) -> list[tuple[str, str | None, str | None]]:
    """(role, area code, organisation path) of each assignment; read once per request."""
    cached = getattr(user, _CACHE_ATTRIBUTE, None)
    if cached is None:
        if not (user and user.is_authenticated and user.is_active):
            cached = []
        else:
            cached = list(user.assignments.values_list("role", "area_id", "organisation__path"))
        setattr(user, _CACHE_ATTRIBUTE, cached)
    return cached


def forget_assignments(user) -> None:
    if hasattr(user, _CACHE_ATTRIBUTE):
        delattr(user, _CACHE_ATTRIBUTE)


def roles_of(user) -> set[str]:
    return {role for role, _area, _org in _assignments(user)}


def grants(user, perm: Perm) -> list[Grant]:
    return [
        Grant(area_prefix=area, org_path=org)
        for role, area, org in _assignments(user)
        if perm in ROLE_PERMISSIONS.get(role, ())
    ]


def has_perm(user, perm: Perm) -> bool:
    return bool(grants(user, perm))


def scope_q(
    user,
    perm: Perm,
    *,
    area_field: str | None,
    org_field: str | None,
    province_field: str | None = None,
    with_ancestors: bool = False,
) -> Q | None:
    """The condition selecting what `user` may reach with `perm`; None when nothing.

    A grant limited by a dimension the model does not have (org_field None, say) gives
    nothing on that model: a grant never widens beyond what it names. Models that keep the
    province code in a column of its own name it in `province_field`: a provincial grant is
    then one equality, which an index on (province, sort key) serves in order.
    `with_ancestors` also selects rows of the areas above the grant's (a district officer
    reaches what is set aside for their whole province).
    """
    condition: Q | None = None
    for grant in grants(user, perm):
        if grant.is_national:
            return Q()
        part = Q()
        if grant.area_prefix is not None:
            if area_field is None:
                continue
            if province_field and len(grant.area_prefix) == 2:
                area_part = Q(**{province_field: grant.area_prefix})
            else:
                area_part = subtree_q(area_field, grant.area_prefix)
            ancestors = [grant.area_prefix[:n] for n in (2, 4, 6) if n < len(grant.area_prefix)]
            if with_ancestors and ancestors:
                area_part |= Q(**{f"{area_field}__in": ancestors})
            part &= area_part
        if grant.org_path is not None:
            if org_field is None:
                continue
            part &= subtree_q(org_field, grant.org_path)
        condition = part if condition is None else condition | part
    return condition


def any_of(*conditions: Q | None) -> Q | None:
    """OR the conditions that exist; None when none does (nothing is visible)."""
    present = [condition for condition in conditions if condition is not None]
    if not present:
        return None
    if any(not condition for condition in present):
        # An empty Q() means "everything". Django drops an empty Q from an OR, which would
        # silently narrow "everything or X" down to X.
        return Q()
    combined = present[0]
    for condition in present[1:]:
        combined |= condition
    return combined


def single_grant(user, perm: Perm) -> Grant | None:
    """The user's only grant for perm, if exactly one (lets pages read kept tallies)."""
    found = list(dict.fromkeys(grants(user, perm)))
    if any(grant.is_national for grant in found):
        return Grant(None, None)
    return found[0] if len(found) == 1 else None
