"""Where a user may put an organisation: inside the grants of their organisations.change permission."""

from frontline.accounts.roles import Perm
from frontline.accounts.scoping import grants


def may_create_root(user) -> bool:
    """Only national grants may add a top-level organisation (a new ministry or partner)."""
    return any(grant.is_national for grant in grants(user, Perm.ORGANISATIONS_CHANGE))


def area_allowed(user, area_code: str) -> bool:
    """Whether an organisation may serve this area ("" for national) under the user's grants.

    A grant limited to an area allows that area's subtree only; a grant not limited by area
    (national, or an organisation subtree) allows any.
    """
    return any(
        grant.area_prefix is None or (area_code and area_code.startswith(grant.area_prefix))
        for grant in grants(user, Perm.ORGANISATIONS_CHANGE)
    )
