"""The home page's counts, within the user's scope, read from kept tallies when possible."""

from django.db.models import Count

from frontline.accounts.roles import Perm
from frontline.accounts.scoping import has_perm, single_grant
from frontline.geography.codes import subtree_q
from frontline.geography.models import Area, Level


def _official_counts(user) -> dict[str, int] | None:
    from frontline.people.models import Person, Sex
    from frontline.people.tallies import officials_counted

    if not has_perm(user, Perm.OFFICIALS_VIEW):
        return None
    total = officials_counted(user)
    if total is not None:  # one subtree: kept tallies answer in one indexed lookup each
        return {"officials": total, "women": officials_counted(user, sex=Sex.FEMALE)}
    # Several overlapping grants: count by index within the scope.
    officials = Person.objects.visible_to(user).officials()
    return {"officials": officials.count(), "women": officials.filter(sex=Sex.FEMALE).count()}


def _area_counts(user) -> dict[str, int]:
    grant = single_grant(user, Perm.OFFICIALS_VIEW)
    prefix = grant.area_prefix if grant and grant.org_path is None else None
    areas = Area.objects.visible_to(user)
    if prefix:
        areas = areas.filter(subtree_q("code", prefix))
    levels = (Level.PROVINCE, Level.DISTRICT, Level.COMMUNE)
    counted = dict(areas.filter(level__in=levels).values_list("level").annotate(n=Count("pk")).order_by())
    return {level: counted.get(level, 0) for level in levels}


def home_counts(user) -> dict:
    from frontline.organisations.models import Organisation

    counts = {"areas": _area_counts(user)}
    officials = _official_counts(user)
    if officials is not None:
        counts.update(officials)
        counts["women_share"] = officials["women"] / officials["officials"] if officials["officials"] else None
    if has_perm(user, Perm.ORGANISATIONS_VIEW):
        counts["organisations"] = Organisation.objects.visible_to(user).count()
    return counts
