"""Kept counts (see Tally): adjust in the writing transaction, read in O(1), rebuild on demand."""

from collections.abc import Iterable, Mapping

from django.db import transaction
from django.db.models import F

from .models import Tally


def prefixes_of(code: str, lengths: Iterable[int]) -> list[str]:
    """'11050203' with lengths (0, 2, 4, 6, 8) -> ['', '11', '1105', '110502', '11050203']."""
    return [code[:n] for n in lengths if n <= len(code)]


def tally_adjust(metric: str, keys: Iterable[str], delta: int) -> None:
    """Add delta to each key's tally (creating missing tallies at zero first)."""
    if not delta:
        return
    keys = list(dict.fromkeys(keys))
    existing = set(Tally.objects.filter(metric=metric, key__in=keys).values_list("key", flat=True))
    missing = [Tally(metric=metric, key=key, value=0) for key in keys if key not in existing]
    if missing:
        Tally.objects.bulk_create(missing, ignore_conflicts=True)
    Tally.objects.filter(metric=metric, key__in=keys).update(value=F("value") + delta)


def tally_add(metric: str, deltas: Mapping[str, int]) -> None:
    """Add a different delta to each key's tally (grouped changes of a bulk write)."""
    for delta, keys in _keys_by_delta(deltas).items():
        tally_adjust(metric, keys, delta)


def _keys_by_delta(deltas: Mapping[str, int]) -> dict[int, list[str]]:
    grouped: dict[int, list[str]] = {}
    for key, delta in deltas.items():
        if delta:
            grouped.setdefault(delta, []).append(key)
    return grouped


def tally_values(metric: str, keys: Iterable[str]) -> dict[str, int]:
    keys = list(keys)
    found = dict(Tally.objects.filter(metric=metric, key__in=keys).values_list("key", "value"))
    return {key: found.get(key, 0) for key in keys}


def tally_replace(metric: str, counts: Mapping[str, int]) -> None:
    """Replace every tally of a metric with freshly counted values."""
    with transaction.atomic():
        Tally.objects.filter(metric=metric).delete()
        Tally.objects.bulk_create(
            [Tally(metric=metric, key=key, value=value) for key, value in counts.items()], batch_size=2000
        )
