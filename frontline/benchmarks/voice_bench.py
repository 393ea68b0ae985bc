"""The citizens' voice cases of `manage.py bench`: the concern list by province and status, a
concern page, the dashboard for the nation and for Mondulkiri, the report to government for a
province and a year (page and .xlsx), and Khmer search of descriptions. Beside each, the floor:
hand-written SQL over the base tables for the same numbers, encoded as JSON."""

# ruff: noqa: S608 - the SQL is assembled from this module's constants; every value is a parameter.

import datetime
import random
from urllib.parse import quote

from django.db import connection
from django.utils import timezone

from frontline.core.text import query_terms
from frontline.voice import selectors
from frontline.voice.models import Concern

from .measure import history_floor

PROVINCE = "11"
LIST_STATUS = "in_progress"
REPORT_YEAR = 2025
SEARCH = "ផ្លូវលំ"  # "dirt road", typed without a space as Khmer is

_NOT_MERGED = "c.merged_into_id IS NULL"
LIST_ROWS = (
    "SELECT c.id, c.tracking_code, c.status, c.channel, c.received_at, c.description, c.area_code,"
    " c.escalation_level, k.code AS category, k.name_km AS category_km, k.name_en AS category_en,"
    " a.name_km AS area_km, a.name_en AS area_en, o.name_km AS authority_km, o.name_en AS authority_en"
    " FROM voice_concern c JOIN voice_category k ON k.id = c.category_id JOIN geography_area a ON a.code = c.area_id"
    " LEFT JOIN organisations_organisation o ON o.id = c.authority_id"
    " WHERE {where} ORDER BY c.received_at DESC, c.id DESC LIMIT 50"
)
LIST_COUNT = "SELECT COUNT(*) AS n FROM voice_concern c WHERE {where}"
CONCERN_FLOOR = [
    (
        "SELECT c.*, k.name_km AS category_km, k.name_en AS category_en, a.name_km AS area_km,"
        " a.name_en AS area_en, o.name_km AS authority_km, o.name_en AS authority_en,"
        " e.name_en AS escalated_to_en, f.venue AS forum_venue, v.household AS visit_household"
        " FROM voice_concern c JOIN voice_category k ON k.id = c.category_id"
        " JOIN geography_area a ON a.code = c.area_id LEFT JOIN organisations_organisation o ON o.id = c.authority_id"
        " LEFT JOIN organisations_organisation e ON e.id = c.escalated_to_id"
        " LEFT JOIN voice_forum f ON f.id = c.forum_id LEFT JOIN voice_householdvisit v ON v.id = c.visit_id"
        " WHERE c.id = %s"
    ),
    (
        "SELECT u.*, o.name_en AS unit_en FROM voice_concernupdate u"
        " LEFT JOIN organisations_organisation o ON o.id = u.unit_id WHERE u.concern_id = %s"
        " ORDER BY u.created_at, u.id"
    ),
    (
        "SELECT w.*, o.name_en AS unit_en FROM voice_workinggroupaction w"
        " JOIN organisations_organisation o ON o.id = w.unit_id WHERE w.concern_id = %s ORDER BY w.created_at, w.id"
    ),
    (
        "SELECT s.*, f.name_en AS from_en, t.name_en AS to_en FROM voice_escalation s"
        " LEFT JOIN organisations_organisation f ON f.id = s.from_unit_id"
        " LEFT JOIN organisations_organisation t ON t.id = s.to_unit_id WHERE s.concern_id = %s"
        " ORDER BY s.created_at, s.id"
    ),
    # The rest of what the page shows: the duplicates merged into it, the attachments and the
    # concern's history.
    (
        "SELECT d.id, d.tracking_code, d.received_at, d.description FROM voice_concern d"
        " WHERE d.merged_into_id = %s ORDER BY d.received_at, d.id"
    ),
    ("SELECT * FROM voice_attachment WHERE concern_id = %s ORDER BY created_at, id"),
    history_floor("voice", "concern"),
]


def _moment(value: datetime.datetime):
    """A timestamp parameter as each database compares it (SQLite stores UTC text)."""
    return value.strftime("%Y-%m-%d %H:%M:%S") if connection.vendor == "sqlite" else value


def _year(year: int) -> tuple:
    return (
        _moment(datetime.datetime(year, 1, 1, tzinfo=datetime.UTC)),
        _moment(datetime.datetime(year + 1, 1, 1, tzinfo=datetime.UTC)),
    )


def _days(later: str, earlier: str) -> str:
    """Whole days between two timestamps, as the tallies count them."""
    if connection.vendor == "postgresql":
        return f"EXTRACT(DAY FROM {later} - {earlier})"
    return f"CAST(julianday({later}) - julianday({earlier}) AS INTEGER)"


def _dashboard_floor(province: str | None, year: int) -> list[tuple[str, list]]:
    """The dashboard's numbers straight from the base tables, for the year: concerns by
    category and status per province (the tile map and the children), by channel, answered on
    time, the day histograms behind the medians, escalations by level, satisfaction, forums
    held and attendance by sex."""
    start, end = _year(year)
    where = f"{_NOT_MERGED} AND c.received_at >= %s AND c.received_at < %s"
    params: list = [start, end]
    group = "c.province_code"
    if province:
        where += " AND c.province_code = %s"
        params.append(province)
        group = "c.district_code"
    forum_where = "f.held_on >= %s AND f.held_on < %s" + (" AND f.province_code = %s" if province else "")
    forum_params = [datetime.date(year, 1, 1), datetime.date(year + 1, 1, 1), *([province] if province else [])]
    ack_days = _days("c.acknowledged_at", "c.received_at")
    resolve_days = _days("c.answered_at", "c.received_at")
    return [
        (
            f"SELECT {group} AS area, c.category_id, c.status, COUNT(*) AS n,"
            " SUM(CASE WHEN c.answered_at <= c.resolve_due THEN 1 ELSE 0 END) AS on_time,"
            " COUNT(c.answered_at) AS answered"
            f" FROM voice_concern c WHERE {where} GROUP BY {group}, c.category_id, c.status",
            params,
        ),
        (f"SELECT c.channel, COUNT(*) AS n FROM voice_concern c WHERE {where} GROUP BY c.channel", params),
        (
            f"SELECT {resolve_days} AS days, COUNT(*) AS n FROM voice_concern c"
            f" WHERE {where} AND c.answered_at IS NOT NULL GROUP BY 1",
            params,
        ),
        (
            f"SELECT {ack_days} AS days, COUNT(*) AS n FROM voice_concern c"
            f" WHERE {where} AND c.acknowledged_at IS NOT NULL GROUP BY 1",
            params,
        ),
        (
            "SELECT c.escalation_level, c.satisfied, COUNT(*) AS n FROM voice_concern c"
            f" WHERE {where} GROUP BY c.escalation_level, c.satisfied",
            params,
        ),
        (
            "SELECT COUNT(*) AS forums, SUM(f.attendance_female) AS female, SUM(f.attendance_male) AS male,"
            f" SUM(f.attendance_youth) AS youth FROM voice_forum f WHERE {forum_where}",
            forum_params,
        ),
    ]


def _report_floor(province: str, year: int) -> list[tuple[str, list]]:
    """The report's numbers: unresolved and escalated concerns by province and category, then
    the escalated ones (highest rung first, then the oldest) with their actions."""
    start, end = _year(year)
    where = f"{_NOT_MERGED} AND c.province_code = %s AND c.received_at >= %s AND c.received_at < %s"
    open_statuses = "('received', 'acknowledged', 'assigned', 'in_progress', 'reopened', 'not_solvable')"
    wanted = f"(c.status IN {open_statuses} OR c.escalation_level > 0)"
    params = [province, start, end]
    listed = (
        f"SELECT c.id FROM voice_concern c WHERE {where} AND {wanted}"
        " ORDER BY c.escalation_level DESC, c.received_at, c.id LIMIT 200"
    )
    return [
        (
            f"SELECT c.province_code, c.category_id, SUM(CASE WHEN c.status IN {open_statuses} THEN 1 ELSE 0 END)"
            " AS unresolved, SUM(CASE WHEN c.escalation_level > 0 THEN 1 ELSE 0 END) AS escalated"
            f" FROM voice_concern c WHERE {where} AND {wanted} GROUP BY c.province_code, c.category_id",
            params,
        ),
        (
            "SELECT c.id, c.tracking_code, c.status, c.escalation_level, c.received_at, c.description,"
            " k.name_en, a.name_en AS area, o.name_en AS authority FROM voice_concern c"
            " JOIN voice_category k ON k.id = c.category_id JOIN geography_area a ON a.code = c.area_id"
            f" LEFT JOIN organisations_organisation o ON o.id = c.authority_id WHERE c.id IN ({listed})"
            " ORDER BY c.escalation_level DESC, c.received_at, c.id",
            params,
        ),
        (
            "SELECT w.concern_id, w.kind, w.note, w.created_at, o.name_en AS unit FROM voice_workinggroupaction w"
            f" JOIN organisations_organisation o ON o.id = w.unit_id WHERE w.concern_id IN ({listed})",
            params,
        ),
    ]


def _search_floor(province: str | None) -> list[tuple[str, list]]:
    """The first 50 matches of the Khmer query through the full-text index, newest first, and
    how many there are, counted as far as the list counts them."""
    terms = query_terms(SEARCH)
    if connection.vendor == "postgresql":
        match = "c.search_vector @@ to_tsquery('simple', %s)"
        term = " & ".join(f"{word}:*" for word in terms)
    else:
        match = "c.id IN (SELECT rowid FROM voice_concern_fts WHERE voice_concern_fts MATCH %s)"
        term = " AND ".join(f'"{word}"*' for word in terms)
    where = f"{_NOT_MERGED} AND {match}" + (" AND c.province_code = %s" if province else "")
    params = [term, *([province] if province else [])]
    return [
        (LIST_ROWS.format(where=where), params),
        (
            f"SELECT COUNT(*) AS n FROM (SELECT 1 FROM voice_concern c WHERE {where} LIMIT %s) AS capped",
            [*params, selectors.SEARCH_COUNT_CAP + 1],
        ),
    ]


def concern_ids(province: str = PROVINCE, limit: int = 2000) -> list[int]:
    ids = list(Concern.objects.filter(province_code=province).order_by("-id").values_list("id", flat=True)[:limit])
    random.Random(11).shuffle(ids)
    return ids


def voice_cases(page, floor) -> list[tuple]:
    """(name, kind, action, floor action) of each voice case; see bench.TARGETS for the kinds."""
    ids = concern_ids()
    list_where = f"{_NOT_MERGED} AND c.province_code = %s AND c.status = %s"
    dashboard_year = timezone.localdate().year
    report = f"/en/voice/report/?area={PROVINCE}&start={REPORT_YEAR}-01-01&end={REPORT_YEAR}-12-31"
    search = quote(SEARCH)
    cases = [
        (
            f"voice: concern list, province {PROVINCE}, {LIST_STATUS}",
            "voice-page",
            page("national", f"/en/voice/concerns/?province={PROVINCE}&status={LIST_STATUS}"),
            floor(
                (LIST_ROWS.format(where=list_where), [PROVINCE, LIST_STATUS]),
                (LIST_COUNT.format(where=list_where), [PROVINCE, LIST_STATUS]),
            ),
        ),
        (
            f"voice: concern page, province {PROVINCE}",
            "voice-page",
            page("national", lambda i: f"/en/voice/concerns/{ids[i % len(ids)]}/"),
            floor(*[(sql, lambda i: [ids[i % len(ids)]]) for sql in CONCERN_FLOOR]),
        ),
        (
            f"voice: dashboard, nation, {dashboard_year}",
            "voice-dashboard",
            page("national", "/en/voice/dashboard/"),
            floor(*_dashboard_floor(None, dashboard_year)),
        ),
        (
            f"voice: dashboard, Mondulkiri officer, {dashboard_year}",
            "voice-dashboard",
            page("mondulkiri", "/en/voice/dashboard/"),
            floor(*_dashboard_floor(PROVINCE, dashboard_year)),
        ),
        (
            f"voice: report to government, province {PROVINCE}, {REPORT_YEAR}",
            "voice-report",
            page("national", report),
            floor(*_report_floor(PROVINCE, REPORT_YEAR)),
        ),
        (
            f"voice: report to government .xlsx, province {PROVINCE}, {REPORT_YEAR}",
            "voice-report",
            page("national", report + "&format=xlsx"),
            floor(*_report_floor(PROVINCE, REPORT_YEAR)),
        ),
        (
            f"voice: Khmer search {SEARCH}, nation",
            "voice-search",
            page("national", f"/en/voice/concerns/?q={search}"),
            floor(*_search_floor(None)),
        ),
        (
            f"voice: Khmer search {SEARCH}, province {PROVINCE}",
            "voice-search",
            page("national", f"/en/voice/concerns/?q={search}&province={PROVINCE}"),
            floor(*_search_floor(PROVINCE)),
        ),
    ]
    return cases
