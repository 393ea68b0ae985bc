"""Kept counts behind the voice dashboards (VoiceTally).

Each concern contributes a few counts ("status:land:resolved", "channel:web",
"resolve_days:12", ...) under its province, district and commune code, for the year it was
received. Every service that changes a concern wraps the change in `keeping_tallies(concern)`:
the contribution before is taken away and the one after added, in the same transaction, with
one INSERT ... ON CONFLICT DO UPDATE (SQLite and PostgreSQL alike). `rebuild_tallies` recounts
everything from the base tables (after a bulk load).
"""

from collections import Counter
from contextlib import contextmanager

from django.db import connection, transaction

from .models import Concern, Forum, Level, VoiceTally

AREA_KEY_LENGTHS = (2, 4, 6)
MAX_DAYS = 120  # longer durations are counted in the last bucket (medians stay exact below it)


def _days_between(start, end) -> int:
    return max(0, min(MAX_DAYS, (end - start).days))


def concern_counts(concern: Concern) -> Counter:
    """What one concern adds to its area's tallies (nothing once merged into another)."""
    counts: Counter = Counter()
    if concern.merged_into_id:
        return counts
    category = concern.category.code
    counts[f"status:{category}:{concern.status}"] += 1
    counts[f"channel:{concern.channel}"] += 1
    if concern.acknowledged_at:
        counts[f"ack_days:{_days_between(concern.received_at, concern.acknowledged_at)}"] += 1
        counts[f"ack_on_time:{int(concern.acknowledged_at <= concern.acknowledge_due)}"] += 1
    if concern.answered_at:
        counts[f"resolve_days:{_days_between(concern.received_at, concern.answered_at)}"] += 1
        counts[f"resolved_on_time:{int(concern.answered_at <= concern.resolve_due)}"] += 1
    for level in range(Level.DISTRICT, concern.escalation_level + 1):
        counts[f"escalated:{level}"] += 1
    if concern.satisfied is not None:
        counts[f"satisfied:{int(concern.satisfied)}"] += 1
    return counts


def forum_counts(forum: Forum) -> Counter:
    return Counter(
        {
            "forums": 1,
            "attendance:female": forum.attendance_female,
            "attendance:male": forum.attendance_male,
            "attendance:youth": forum.attendance_youth,
        }
    )


def _area_keys(area_code: str) -> list[str]:
    return [area_code[:n] for n in AREA_KEY_LENGTHS if n <= len(area_code)]


def add_counts(area_code: str, year: int, counts: Counter, sign: int = 1) -> None:
    rows = sorted(
        (key, year, dimension, sign * value)
        for key in _area_keys(area_code)
        for dimension, value in counts.items()
        if value
    )
    add_rows(rows)


def add_rows(rows: list[tuple[str, int, str, int]]) -> None:
    """Add each (area_key, year, dimension, delta) to its tally in one statement; rows are
    sorted so that concurrent writers lock them in the same order."""
    if not rows:
        return
    table = VoiceTally._meta.db_table
    for start in range(0, len(rows), 500):
        chunk = rows[start : start + 500]
        values = ", ".join(["(%s, %s, %s, %s)"] * len(chunk))
        params = [part for row in chunk for part in row]
        # The table name is the model's; every value is a parameter.
        upsert = (
            f"INSERT INTO {table} (area_key, year, dimension, value) VALUES {values} "  # noqa: S608
            f"ON CONFLICT (area_key, year, dimension) DO UPDATE SET value = {table}.value + excluded.value"
        )
        with connection.cursor() as cursor:
            cursor.execute(upsert, params)


def _merge(before: Counter, after: Counter) -> Counter:
    delta = Counter(after)
    delta.subtract(before)
    return Counter({key: value for key, value in delta.items() if value})


@contextmanager
def keeping_tallies(concern: Concern):
    """Wrap a change of `concern` (inside its transaction): its tallies follow the change."""
    before = concern_counts(concern) if concern.pk else Counter()
    before_area, before_year = concern.area_code, concern.received_at.year if concern.received_at else None
    yield
    after = concern_counts(concern)
    if before_area == concern.area_code and before_year == concern.received_at.year:
        add_counts(concern.area_code, concern.received_at.year, _merge(before, after))
        return
    if before and before_year is not None:
        add_counts(before_area, before_year, before, sign=-1)
    add_counts(concern.area_code, concern.received_at.year, after)


def concern_added(concern: Concern) -> None:
    add_counts(concern.area_code, concern.received_at.year, concern_counts(concern))


def forum_changed(before: Forum | None, after: Forum | None) -> None:
    if before is not None:
        add_counts(before.area_code, before.held_on.year, forum_counts(before), sign=-1)
    if after is not None:
        add_counts(after.area_code, after.held_on.year, forum_counts(after))


def rebuild_tallies(batch_size: int = 5000) -> int:
    """Recount every tally from the concerns and forums; returns the number of tallies."""
    totals: Counter = Counter()
    concerns = Concern.objects.select_related("category").order_by().iterator(chunk_size=batch_size)
    for concern in concerns:
        for key in _area_keys(concern.area_code):
            for dimension, value in concern_counts(concern).items():
                totals[(key, concern.received_at.year, dimension)] += value
    for forum in Forum.objects.order_by().iterator(chunk_size=batch_size):
        for key in _area_keys(forum.area_code):
            for dimension, value in forum_counts(forum).items():
                totals[(key, forum.held_on.year, dimension)] += value
    with transaction.atomic():
        VoiceTally.objects.all().delete()
        VoiceTally.objects.bulk_create(
            [
                VoiceTally(area_key=key, year=year, dimension=dimension, value=value)
                for (key, year, dimension), value in totals.items()
                if value
            ],
            batch_size=2000,
        )
    return len(totals)
