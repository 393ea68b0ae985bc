"""Who is competent for a concern, and who stands one rung above them on the escalation ladder.

The competent authority comes from the most specific routing rule (the longest area code, then
a named category over "any category"); without a rule, the sub-national administration of the
concern's commune, else its district, else its province. The ladder: commune, district and
provincial administrations (by the concern's location), the category's ministry, the national
working group (the organisation whose code is settings.VOICE_WORKING_GROUP_CODE).
"""

import threading
import time
import uuid
from dataclasses import dataclass

from django.conf import settings
from django.core.cache import cache
from django.db import transaction

from frontline.organisations.models import Organisation, OrgKind

from .models import Category, Level, RoutingRule

_AREA_LEVELS = {6: Level.COMMUNE, 4: Level.DISTRICT, 2: Level.PROVINCE}
_LEVEL_LENGTHS = {Level.COMMUNE: 6, Level.DISTRICT: 4, Level.PROVINCE: 2}


def _ancestor_codes(area_code: str) -> list[str]:
    return [area_code[:n] for n in (2, 4, 6, 8) if n <= len(area_code)]


@dataclass
class RoutingTable:
    """Every routing rule and every active sub-national administration, read at once: the
    public intake proposes an authority for each concern without a query."""

    rules: dict[tuple[int | None, str | None], Organisation]  # (category id, area code) -> authority
    administrations: dict[str, Organisation]  # area code -> its administration (first by path)

    @classmethod
    def load(cls) -> "RoutingTable":
        rules = {
            (rule.category_id, rule.area_id): rule.authority
            for rule in RoutingRule.objects.select_related("authority").order_by("pk")
        }
        administrations: dict[str, Organisation] = {}
        for org in Organisation.objects.filter(kind=OrgKind.SUBNATIONAL, is_active=True).order_by("-path"):
            administrations[org.area_code] = org  # the first by path of an area is written last
        return cls(rules=rules, administrations=administrations)

    def propose(self, category_id: int, area_code: str) -> Organisation | None:
        """The most specific rule (longest area code, then a named category over any), else the
        administration of the commune, else of the district, else of the province."""
        codes = _ancestor_codes(area_code)
        for code in [*reversed(codes), None]:
            for category in (category_id, None):
                authority = self.rules.get((category, code))
                if authority is not None:
                    return authority
        for code in reversed([code for code in codes if len(code) < 8]):
            if code in self.administrations:
                return self.administrations[code]
        return None

    def administration_of(self, area_code: str) -> Organisation | None:
        """The sub-national administration tied to exactly this area, if there is one."""
        return self.administrations.get(area_code)


def propose_authority(category: Category, area_code: str) -> Organisation | None:
    return routing_table().propose(category.pk, area_code)


# The table is kept per process for TABLE_SECONDS and for one generation: a change of a rule or
# an organisation, once committed, starts a new generation in Django's cache, so this process
# (and every process, when the cache is shared, e.g. Redis) reads the table again at once; other
# processes with their own local-memory cache follow within TABLE_SECONDS. Staff confirm every
# proposal, so a proposal that is a minute old costs nothing but a correction.
TABLE_SECONDS = 60
_GENERATION_KEY = "voice:routing:generation"
_table: tuple[str, float, RoutingTable] | None = None  # (generation, loaded at, table)
_table_lock = threading.Lock()


def routing_table() -> RoutingTable:
    global _table
    generation = cache.get_or_set(_GENERATION_KEY, _fresh_generation, None)
    kept = _table
    if kept is not None and kept[0] == generation and time.monotonic() - kept[1] < TABLE_SECONDS:
        return kept[2]
    with _table_lock:
        table = RoutingTable.load()
        _table = (generation, time.monotonic(), table)
    return table


def _fresh_generation() -> str:
    """A generation never seen before (not a counter: an emptied cache would count again from
    zero and meet a table kept under the same number)."""
    return uuid.uuid4().hex


def _new_generation() -> None:
    cache.set(_GENERATION_KEY, _fresh_generation(), None)


def forget_routing(**_signal) -> None:
    """A rule or an organisation changed: read the table again now and once the change is
    committed (a read in between, from another thread, saw the rows as they were)."""
    _new_generation()
    transaction.on_commit(_new_generation)


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
            unit = routing_table().administration_of(area_code[: _LEVEL_LENGTHS[next_level]])
        elif next_level == Level.MINISTRY:
            unit = category.ministry
        else:
            unit = working_group()
        if unit is not None:
            return next_level, unit
    return Level.NATIONAL_WORKING_GROUP, None
