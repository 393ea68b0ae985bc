"""Who is competent for a concern, and who stands one rung above them on the escalation ladder.

The competent authority comes from the most specific routing rule (the longest area code, then
a named category over "any category"); without a rule, the sub-national administration of the
concern's commune, else its district, else its province. The ladder: commune, district and
provincial administrations (by the concern's location), the category's ministry, the national
working group (the organisation whose code is settings.VOICE_WORKING_GROUP_CODE).
"""

from django.conf import settings
from django.core.cache import cache
from django.db.models import Q

from frontline.organisations.models import Organisation, OrgKind

from .models import Category, Level, RoutingRule

_AREA_LEVELS = {6: Level.COMMUNE, 4: Level.DISTRICT, 2: Level.PROVINCE}
_LEVEL_LENGTHS = {Level.COMMUNE: 6, Level.DISTRICT: 4, Level.PROVINCE: 2}


def _ancestor_codes(area_code: str) -> list[str]:
    return [area_code[:n] for n in (2, 4, 6, 8) if n <= len(area_code)]


def administration_of(area_code: str) -> Organisation | None:
    """The sub-national administration tied to exactly this area, if there is one."""
    return (
        Organisation.objects.filter(kind=OrgKind.SUBNATIONAL, area_code=area_code, is_active=True)
        .order_by("path")
        .first()
    )


def propose_authority(category: Category, area_code: str) -> Organisation | None:
    codes = _ancestor_codes(area_code)
    rules = RoutingRule.objects.filter(
        Q(category=category) | Q(category__isnull=True), Q(area_id__in=codes) | Q(area__isnull=True)
    ).select_related("authority")
    best = max(
        rules,
        key=lambda rule: (len(rule.area_id or ""), rule.category_id is not None),
        default=None,
    )
    if best is not None:
        return best.authority
    administrations = Organisation.objects.filter(
        kind=OrgKind.SUBNATIONAL, area_code__in=[code for code in codes if len(code) < 8], is_active=True
    )
    return max(administrations, key=lambda org: (len(org.area_code), -org.pk), default=None)


# Proposals are kept a short while in Django's cache: the public intake would otherwise read the
# rules and the administrations on every concern. A change of a rule or an organisation starts a
# new generation at once in this process (and everywhere when the cache is shared, e.g. Redis);
# other processes with their own local-memory cache follow within PROPOSAL_CACHE_SECONDS. Staff
# confirm every proposal, so a proposal that is a minute old costs nothing but a correction.
PROPOSAL_CACHE_SECONDS = 60
_GENERATION_KEY = "voice:routing:generation"
_NO_AUTHORITY = "none"


def proposal_for(category: Category, area_code: str) -> Organisation | None:
    """propose_authority, through the cache."""
    generation = cache.get_or_set(_GENERATION_KEY, 0, None)
    key = f"voice:routing:{generation}:{category.pk}:{area_code}"
    proposal = cache.get(key)
    if proposal is None:
        proposal = propose_authority(category, area_code) or _NO_AUTHORITY
        cache.set(key, proposal, PROPOSAL_CACHE_SECONDS)
    return None if proposal == _NO_AUTHORITY else proposal


def forget_proposals(**_signal) -> None:
    """Start a new generation of cached proposals (routing rules or organisations changed)."""
    try:
        cache.incr(_GENERATION_KEY)
    except ValueError:  # no generation kept yet: nothing cached under it either
        cache.set(_GENERATION_KEY, 1, None)


def working_group() -> Organisation | None:
    return Organisation.objects.filter(code=settings.VOICE_WORKING_GROUP_CODE).first()


def level_of(authority: Organisation | None) -> int:
    """The rung an authority stands on."""
    if authority is None:
        return Level.COMMUNE
    if authority.code == settings.VOICE_WORKING_GROUP_CODE:
        return Level.NATIONAL_WORKING_GROUP
    if authority.kind == OrgKind.SUBNATIONAL:
        return _AREA_LEVELS.get(len(authority.area_code), Level.PROVINCE)
    if authority.kind == OrgKind.PROVINCIAL_DEPARTMENT:
        return Level.PROVINCE
    return Level.MINISTRY


def unit_above(level: int, *, area_code: str, category: Category) -> tuple[int, Organisation | None]:
    """The next rung above `level` that has a unit: (its level, the unit). A rung without a
    unit (no district administration recorded, no ministry named for the category) is passed
    over; above the national working group there is nothing (its level, None)."""
    for next_level in range(level + 1, Level.NATIONAL_WORKING_GROUP + 1):
        if next_level in _LEVEL_LENGTHS:
            unit = administration_of(area_code[: _LEVEL_LENGTHS[next_level]])
        elif next_level == Level.MINISTRY:
            unit = category.ministry
        else:
            unit = working_group()
        if unit is not None:
            return next_level, unit
    return Level.NATIONAL_WORKING_GROUP, None
