"""The citizens' voice dashboard within the user's scope.

Users whose grants are by area (the nation, a province, a district, a commune) read ONLY the
kept tallies (VoiceTally, see voice.rollups, read through voice.statistics): the area's own
tallies and those of the areas one level below it, whatever the number of concerns. The nation
is the sum over the province keys.

Users whose grants are by organisation (a ministry, a department) reach the concerns their
units handle or that were escalated to them, which the tallies (kept by area) cannot tell
apart: their numbers are computed live from the scoped base tables, with the very same
counting rules (rollups.concern_counts), in one query over their concerns of the year.
"""

from collections import Counter
from dataclasses import dataclass, field
from types import SimpleNamespace

from django.db.models import Count, Q, Sum
from django.utils import timezone
from django.utils.translation import gettext as _

from frontline.accounts.roles import Perm
from frontline.core.formatting import localized
from frontline.geography.models import Area, Level
from frontline.learning.dashboard import PROVINCE_TILES

from . import rollups, statistics
from .models import Category, Channel, Concern, Forum, Status
from .models import Level as Rung
from .selectors import _area_only_reach

TILE_SHADES = 5


@dataclass
class VoiceDashboard:
    area_code: str  # '' for the nation
    label: str
    year: int
    live: bool
    totals: Counter
    summary: statistics.Summary
    children: list[tuple[str, str, Counter]] = field(default_factory=list)
    area_choices: list[tuple[str, str]] = field(default_factory=list)

    def _sum(self, prefix: str) -> Counter:
        found: Counter = Counter()
        for dimension, value in self.totals.items():
            if dimension.startswith(prefix):
                found[dimension[len(prefix) :]] += value
        return found

    @property
    def by_status(self) -> list[tuple[str, str, int]]:
        counts: Counter = Counter()
        for dimension, value in self._sum("status:").items():
            counts[dimension.rsplit(":", 1)[-1]] += value
        return [(value, label, counts.get(value, 0)) for value, label in Status.choices]

    @property
    def by_category(self) -> list[tuple[str, int, int]]:
        """(name, received, still open) per category, most first."""
        received: Counter = Counter()
        still_open: Counter = Counter()
        for dimension, value in self._sum("status:").items():
            category, _sep, status = dimension.rpartition(":")
            received[category] += value
            if status in statistics.OPEN_STATUS_VALUES:
                still_open[category] += value
        names = {category.code: localized(category) for category in _categories()}
        rows = [(names.get(code, code), received[code], still_open[code]) for code in received if received[code]]
        return sorted(rows, key=lambda row: -row[1])

    @property
    def by_channel(self) -> list[tuple[str, int]]:
        counts = self._sum("channel:")
        return [(label, counts.get(value, 0)) for value, label in Channel.choices if counts.get(value, 0)]

    @property
    def escalations(self) -> list[tuple[str, int]]:
        """How many concerns reached each rung above the commune through escalation or routing."""
        counts = self._sum("escalated:")
        return [(label, counts.get(str(value), 0)) for value, label in Rung.choices if value >= Rung.DISTRICT]

    @property
    def forums(self) -> int:
        return self.totals.get("forums", 0)

    @property
    def attendance(self) -> dict[str, int]:
        counts = self._sum("attendance:")
        return {group: counts.get(group, 0) for group in ("female", "male", "youth")}

    @property
    def child_rows(self) -> list[tuple[str, str, int, float | None]]:
        rows = []
        for code, name, counts in self.children:
            summary = statistics.summarise(counts)
            rows.append((code, name, summary.received, summary.on_time_share))
        return rows

    @property
    def tiles(self) -> list[dict]:
        """The province tile map (national scope only), shaded by concerns received."""
        if self.area_code or self.live:
            return []
        values = {code: statistics.summarise(counts).received for code, _name, counts in self.children}
        top = max(values.values(), default=0)
        return [
            {
                "code": code,
                "name": name,
                "value": values[code],
                "shade": 0 if not top or not values[code] else 1 + round((TILE_SHADES - 1) * values[code] / top),
                "column": PROVINCE_TILES.get(code, (0, 5))[0] + 1,
                "row": PROVINCE_TILES.get(code, (0, 5))[1] + 1,
            }
            for code, name, _counts in self.children
        ]


# What a child area's row and map tile show: concerns received and the share answered on time.
CHILD_DIMENSIONS = ("status:", "resolved_on_time:")


def _categories() -> list[Category]:
    return list(Category.objects.only("id", "code", "name_km", "name_en"))


def default_year() -> int:
    return timezone.localdate().year


def _reach_choices(reach: list[str]) -> list[tuple[str, str]]:
    areas = Area.objects.filter(code__in=[code for code in reach if code]).only("code", "name_km", "name_en")
    names = {area.code: localized(area) for area in areas}
    return [(code, names.get(code, _("Cambodia")) if code else _("Cambodia")) for code in reach]


def build(user, *, area: str = "", year: int | None = None) -> VoiceDashboard:
    year = year or default_year()
    reach = _area_only_reach(user, Perm.VOICE_VIEW)
    if reach is None:
        return _live(user, year)
    if not reach:
        raise ValueError("no voice.view grant")
    if not (area and any(area.startswith(prefix) for prefix in reach)):
        area = reach[0]
    # One area reached: nothing to choose from (the page shows no area list), no query for it.
    return _from_tallies(area, year, choices=_reach_choices(reach) if len(reach) > 1 else [])


def _from_tallies(area_code: str, year: int, *, choices) -> VoiceDashboard:
    """Two small indexed queries: the area with its children, then the tallies for the year (an
    area's own in full, of its children only what their rows show)."""
    if area_code:
        found = list(
            Area.objects.filter(Q(code=area_code) | Q(parent_id=area_code))
            .exclude(level=Level.VILLAGE)
            .only("code", "name_km", "name_en")
        )
        own = next((area for area in found if area.code == area_code), None)
        label = localized(own) if own else area_code
        children = {area.code: localized(area) for area in found if area.code != area_code}
        split = statistics.by_area(
            statistics.read_tallies(children, [year], prefixes=CHILD_DIMENSIONS, full_keys=[area_code])
        )
        totals = split.pop(area_code, Counter())
    else:
        provinces = Area.objects.filter(level=Level.PROVINCE).only("code", "name_km", "name_en").order_by("code")
        children = {area.code: localized(area) for area in provinces}
        label = _("Cambodia")
        # No tally is kept for the nation: its figures are the sum of the provinces'.
        split = statistics.by_area(statistics.read_tallies(children, [year]))
        totals = Counter()
        for counts in split.values():
            totals.update(counts)
    return VoiceDashboard(
        area_code=area_code,
        label=label,
        year=year,
        live=False,
        totals=totals,
        summary=statistics.summarise(totals),
        children=[(code, name, split.get(code, Counter())) for code, name in sorted(children.items())],
        area_choices=choices,
    )


def _live(user, year: int) -> VoiceDashboard:
    """Organisation grants: the same numbers counted live from the scoped base tables."""
    categories = {category.pk: category.code for category in _categories()}
    rows = (
        Concern.objects.visible_to(user)
        .filter(received_at__year=year, merged_into__isnull=True)
        .order_by()
        .values_list(
            "category_id",
            "status",
            "channel",
            "province_code",
            "received_at",
            "acknowledged_at",
            "answered_at",
            "acknowledge_due",
            "resolve_due",
            "escalation_level",
            "satisfied",
        )
    )
    totals: Counter = Counter()
    per_province: dict[str, Counter] = {}
    for category_id, status, channel, province, *rest in rows.iterator(chunk_size=5000):
        received, acknowledged, answered, acknowledge_due, resolve_due, level, satisfied = rest
        concern = SimpleNamespace(
            merged_into_id=None,
            category=SimpleNamespace(code=categories.get(category_id, "")),
            status=status,
            channel=channel,
            received_at=received,
            acknowledged_at=acknowledged,
            answered_at=answered,
            acknowledge_due=acknowledge_due,
            resolve_due=resolve_due,
            escalation_level=level,
            satisfied=satisfied,
        )
        counts = rollups.concern_counts(concern)
        totals.update(counts)
        per_province.setdefault(province, Counter()).update(counts)
    forums = (
        Forum.objects.visible_to(user)
        .filter(held_on__year=year)
        .aggregate(
            forums=Count("id"),
            female=Sum("attendance_female"),
            male=Sum("attendance_male"),
            youth=Sum("attendance_youth"),
        )
    )
    totals["forums"] += forums["forums"] or 0
    for group in ("female", "male", "youth"):
        totals[f"attendance:{group}"] += forums[group] or 0
    names = {
        area.code: localized(area)
        for area in Area.objects.filter(code__in=list(per_province)).only("code", "name_km", "name_en")
    }
    return VoiceDashboard(
        area_code="",
        label=_("The concerns of your units"),
        year=year,
        live=True,
        totals=totals,
        summary=statistics.summarise(totals),
        children=[(code, names.get(code, code), per_province[code]) for code in sorted(per_province)],
    )
