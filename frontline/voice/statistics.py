"""Reading the kept tallies (VoiceTally, see voice.rollups) into figures: shared by the public
open statistics page and the staff dashboards.

Stable names (other modules import them): `read_tallies`, `by_area`, `histogram`,
`median_from_histogram`, `share`, `summarise`, `Summary`, `tally_years`.

Dimensions read here (rollups.concern_counts): "status:<category>:<status>",
"resolved_on_time:0|1", "resolve_days:<N>", "ack_on_time:0|1", "ack_days:<N>",
"satisfied:0|1", "channel:<channel>", "escalated:<level>", "forums", "attendance:<group>".
"""

import operator
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass
from functools import reduce

from django.db.models import Q, Sum

from .models import VoiceTally


def read_tallies(
    area_keys: Iterable[str],
    years: Iterable[int] | None = None,
    *,
    prefixes: Iterable[str] | None = None,
    full_keys: Iterable[str] = (),
) -> Counter:
    """Counter of (area_key, dimension) -> value, summed over `years` (all years when None).

    `area_keys` are province, district or commune codes (the keys the tallies are kept under);
    `prefixes` keeps only the dimensions starting with one of them ("status:", "resolve_days:"),
    except for the keys in `full_keys`, read with every dimension in the same query.
    One indexed query returning at most a few thousand rows.
    """
    keys, full = list(area_keys), list(full_keys)
    if not keys and not full:
        return Counter()
    condition = Q(area_key__in=keys)
    if prefixes:
        condition &= reduce(operator.or_, (Q(dimension__startswith=prefix) for prefix in prefixes))
    if full:
        condition |= Q(area_key__in=full)
    rows = VoiceTally.objects.filter(condition)
    if years is not None:
        rows = rows.filter(year__in=list(years))
    totals: Counter = Counter()
    for area_key, dimension, value in (
        rows.order_by()
        .values("area_key", "dimension")
        .annotate(total=Sum("value"))
        .values_list("area_key", "dimension", "total")
    ):
        totals[(area_key, dimension)] += value or 0
    return totals


def by_area(tallies: Counter) -> dict[str, Counter]:
    """Split read_tallies' answer per area key: {area_key: Counter(dimension -> value)}."""
    split: dict[str, Counter] = {}
    for (area_key, dimension), value in tallies.items():
        split.setdefault(area_key, Counter())[dimension] += value
    return split


def histogram(dimensions: Counter, prefix: str) -> dict[int, int]:
    """{N: count} from the dimensions "<prefix>N" (e.g. prefix "resolve_days:")."""
    found: dict[int, int] = {}
    for dimension, value in dimensions.items():
        if dimension.startswith(prefix) and value > 0:
            try:
                found[int(dimension[len(prefix) :])] = found.get(int(dimension[len(prefix) :]), 0) + value
            except ValueError:
                continue
    return found


def median_from_histogram(counts: dict[int, int]) -> float | None:
    """The median of the values a histogram {value: count} describes (None when empty); the
    mean of the two middle values when the count is even."""
    total = sum(count for count in counts.values() if count > 0)
    if not total:
        return None
    wanted = [(total - 1) // 2, total // 2]  # 0-based positions of the middle value(s)
    found: list[int] = []
    seen = 0
    for value in sorted(counts):
        count = counts[value]
        if count <= 0:
            continue
        while wanted and wanted[0] < seen + count:
            found.append(value)
            wanted.pop(0)
        seen += count
        if not wanted:
            break
    return sum(found) / len(found)


def share(part: int, whole: int) -> float | None:
    """part / whole, or None when there is nothing to divide."""
    return part / whole if whole else None


@dataclass(frozen=True)
class Summary:
    """The public figures of one area (or of the whole nation)."""

    received: int
    open: int
    answered: int
    on_time: int
    on_time_share: float | None
    median_resolve_days: float | None
    median_acknowledge_days: float | None
    rated: int
    satisfied: int
    satisfaction_share: float | None


OPEN_STATUS_VALUES = ("received", "acknowledged", "assigned", "in_progress", "reopened")


def summarise(dimensions: Counter) -> Summary:
    """Figures from one area's dimensions (Counter dimension -> value)."""
    received = open_count = 0
    for dimension, value in dimensions.items():
        if dimension.startswith("status:"):
            received += value
            if dimension.rsplit(":", 1)[-1] in OPEN_STATUS_VALUES:
                open_count += value
    on_time = dimensions.get("resolved_on_time:1", 0)
    answered = on_time + dimensions.get("resolved_on_time:0", 0)
    satisfied = dimensions.get("satisfied:1", 0)
    rated = satisfied + dimensions.get("satisfied:0", 0)
    return Summary(
        received=received,
        open=open_count,
        answered=answered,
        on_time=on_time,
        on_time_share=share(on_time, answered),
        median_resolve_days=median_from_histogram(histogram(dimensions, "resolve_days:")),
        median_acknowledge_days=median_from_histogram(histogram(dimensions, "ack_days:")),
        rated=rated,
        satisfied=satisfied,
        satisfaction_share=share(satisfied, rated),
    )


def tally_years() -> list[int]:
    """The years the tallies hold, newest first."""
    return list(VoiceTally.objects.order_by("-year").values_list("year", flat=True).distinct())
