"""Timing helpers for `manage.py bench`: many requests through the real request path, and
beside each the floor: the same rows by one hand-written SQL query, encoded as JSON."""

import json
import statistics
import time
from collections.abc import Callable
from dataclasses import dataclass

from django.db import connection


@dataclass
class Timing:
    p50: float
    p95: float


def timed(action: Callable[[int], object], *, requests: int, warmup: int) -> Timing:
    """Percentiles over many runs: of the milliseconds the action returns (a server's own
    timing), or of the wall time when it returns nothing."""
    for index in range(warmup):
        action(index)
    samples = []
    for index in range(requests):
        started = time.perf_counter_ns()
        reported = action(index)
        wall = (time.perf_counter_ns() - started) / 1e6
        samples.append(reported if isinstance(reported, float) else wall)
    samples.sort()
    return Timing(statistics.median(samples), samples[min(len(samples) - 1, int(len(samples) * 0.95))])


def sql_json(*queries: tuple[str, list]) -> str:
    """Run the queries with the raw DB-API cursor and encode every row as JSON."""
    result = []
    with connection.cursor() as cursor:
        raw = cursor.cursor
        for sql, params in queries:
            if connection.vendor == "sqlite":
                sql = sql.replace("%s", "?")
            raw.execute(sql, params)
            names = [column[0] for column in raw.description]
            result.append([dict(zip(names, row, strict=True)) for row in raw.fetchall()])
    return json.dumps(result, default=str, ensure_ascii=False)


def history_floor(app_label: str, model: str) -> str:
    """The record's history as its page shows it: the latest 50 audit entries (one parameter:
    the record's id). The labels are this package's constants, never input."""
    return (
        "SELECT l.* FROM auditlog_logentry l JOIN django_content_type ct ON ct.id = l.content_type_id"  # noqa: S608
        f" WHERE ct.app_label = '{app_label}' AND ct.model = '{model}' AND l.object_pk = CAST(%s AS TEXT)"
        " ORDER BY l.timestamp DESC, l.id DESC LIMIT 50"
    )
