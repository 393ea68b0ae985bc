"""p50 and p95 server time of the main pages and API calls at national scale, beside the floor
(one hand-written SQL query for the same rows, encoded as JSON with no framework)."""

import random
from urllib.parse import quote

from django.core.management import call_command
from django.core.management.base import BaseCommand
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext

from frontline.accounts.models import ApiToken, RoleAssignment, User
from frontline.accounts.roles import Role
from frontline.benchmarks.learning_bench import learning_cases, learning_documents
from frontline.benchmarks.learning_data import generate_learning, generated_events, wipe_learning
from frontline.benchmarks.measure import sql_json, timed
from frontline.benchmarks.national import generate, generated_count, wipe
from frontline.benchmarks.server import HttpClient, app_server
from frontline.benchmarks.voice_bench import voice_cases
from frontline.benchmarks.voice_data import generate_voice, generated_concerns, wipe_voice
from frontline.geography.models import Area
from frontline.people.models import Person

PAGE_TARGET_MS = 50.0
API_RATIO_TARGET = 3.0
KHMER_QUERY = "មណ្ឌល"
KHMER_QUERY_URL = quote(KHMER_QUERY)
ENGLISH_QUERY = "mondul"

OFFICIALS_FLOOR = (
    "SELECT p.id, p.family_name_km, p.given_name_km, p.family_name_latin, p.given_name_latin, p.sex,"
    " p.organisation_id, o.name_en AS organisation, o.name_km AS organisation_km, p.position, p.level, p.area_code"
    " FROM people_person p JOIN organisations_organisation o ON o.id = p.organisation_id"
    " WHERE p.province_code = %s AND p.organisation_id IS NOT NULL ORDER BY p.name_sort, p.id LIMIT 50"
)
OFFICIALS_COUNT = "SELECT COUNT(*) AS n FROM people_person WHERE province_code = %s AND organisation_id IS NOT NULL"
AREAS_FLOOR = (
    "SELECT code, level, kind, name_km, name_en, parent_id FROM geography_area"
    " WHERE search_text LIKE %s ORDER BY code LIMIT 50"
)
AREAS_COUNT = "SELECT COUNT(*) AS n FROM geography_area WHERE search_text LIKE %s"
DETAIL_FLOOR = (
    "SELECT p.*, o.name_en AS organisation FROM people_person p"
    " LEFT JOIN organisations_organisation o ON o.id = p.organisation_id WHERE p.id = %s"
)
POSTS_FLOOR = (
    "SELECT t.*, o.name_en, o.name_km FROM people_post t JOIN organisations_organisation o ON o.id = t.organisation_id"
    " WHERE t.person_id = %s ORDER BY t.start_date DESC, t.id DESC"
)
TALLY_FLOOR = (
    "SELECT key, value FROM core_tally WHERE metric IN ('officials.area', 'officials_women.area') AND key = %s"
)


# What each kind of case must reach: (p95 ceiling in ms or None, ratio-to-floor ceiling or None).
TARGETS = {
    "page": (PAGE_TARGET_MS, None),  # foundation pages
    "api": (None, API_RATIO_TARGET),
    "learning-page": (100.0, 3.0),  # capacity development pages and lists
    "dashboard": (100.0, 1.0),  # dashboards read rollups: never slower than counting the rows
    "voice-page": (100.0, 3.0),  # citizens' voice lists and pages
    "voice-dashboard": (100.0, 1.0),  # voice dashboards read the kept tallies
    "voice-report": (2000.0, None),  # the report to government, page and .xlsx
    "voice-search": (150.0, None),  # Khmer search of concern descriptions
}
SUITES = ("all", "voice")


def judge(kind: str, p95: float, ratio: float) -> tuple[str, bool]:
    ceiling, max_ratio = TARGETS[kind]
    parts, ok = [], True
    if ceiling is not None:
        parts.append(f"p95 <= {ceiling:.0f} ms")
        ok &= p95 <= ceiling
    if max_ratio is not None:
        parts.append(f"<= {max_ratio:.0f}x floor")
        ok &= ratio <= max_ratio
    return ", ".join(parts), ok


def _bench_user(username: str, role: str, area: Area | None) -> User:
    user, _created = User.objects.get_or_create(username=username)
    RoleAssignment.objects.get_or_create(user=user, role=role, area=area, organisation=None)
    return user


class Command(BaseCommand):
    help = "Benchmark pages and API at national scale (builds the data set when missing)."

    def add_arguments(self, parser):
        parser.add_argument("--officials", type=int, default=250_000)
        parser.add_argument("--events", type=int, default=20_000)
        parser.add_argument("--enrolments", type=int, default=1_000_000)
        parser.add_argument("--voice-concerns", type=int, default=500_000)
        parser.add_argument(
            "--only",
            choices=SUITES,
            default="all",
            help="'voice': only the citizens' voice cases (and the intake load on PostgreSQL); "
            "the training data set is then neither built nor measured.",
        )
        parser.add_argument(
            "--intake-seconds", type=float, default=20, help="Duration of each intake load run (PostgreSQL)."
        )
        parser.add_argument(
            "--case",
            action="append",
            default=[],
            help="Measure only the cases whose name contains this text (repeatable); the documents,"
            " the home page growth check and the intake load are then left out.",
        )
        parser.add_argument("--requests", type=int, default=300)
        parser.add_argument("--warmup", type=int, default=30)

    def handle(
        self,
        *args,
        officials,
        events,
        enrolments,
        voice_concerns,
        only,
        case,
        intake_seconds,
        requests,
        warmup,
        **options,
    ):
        call_command("migrate", verbosity=0)
        if not Area.objects.filter(level="village").exists():
            call_command("load_gazetteer", verbosity=0)
        if generated_count() != officials:
            self.stdout.write("Building the national data set...")
            # The training and voice data sets stand on the generated officials and units.
            wipe_learning()
            wipe_voice()
            wipe()
            generate(officials, out=self.stdout.write)
        if only == "all" and generated_events() != events:
            self.stdout.write("Building the national training data set...")
            wipe_learning()
            generate_learning(events, enrolments, out=self.stdout.write)
        if generated_concerns() != voice_concerns:
            self.stdout.write("Building the national citizens' voice data set...")
            wipe_voice()
            generate_voice(voice_concerns, out=self.stdout.write)
        national = _bench_user("bench-national", Role.NATIONAL_ADMIN, None)
        provincial = _bench_user("bench-mondulkiri", Role.PROVINCIAL_OFFICER, Area.objects.get(code="11"))
        ids = list(Person.objects.filter(province_code="11").order_by("id").values_list("id", flat=True)[:2000])
        random.Random(7).shuffle(ids)
        with app_server() as port:
            self._run(port, national, provincial, ids, requests, warmup, only, case)
        if case:
            return
        if only == "all":
            self.stdout.write(learning_documents())
        self.stdout.write(self._intake(intake_seconds))

    def _intake(self, seconds: float) -> str:
        """The public intake under load over HTTP: a PostgreSQL figure (the issue's), measured by
        frontline.benchmarks.voice_load against its own multi-worker server."""
        if connection.vendor != "postgresql":
            return "\nIntake load: measured on PostgreSQL only (the figure is over HTTP with PostgreSQL)."
        from frontline.benchmarks.voice_load import intake_load

        return "\n" + intake_load(duration=seconds, out=self.stdout.write)

    def _run(self, port, national, provincial, ids, requests, warmup, only="all", chosen=()):
        import datetime

        clients = {}
        for name, user in (("national", national), ("mondulkiri", provincial)):
            browser = Client()
            browser.force_login(user)  # a real session row, usable by the server
            _token, raw = ApiToken.issue(user, lifetime=datetime.timedelta(hours=2))
            clients[name] = HttpClient(port, {"Cookie": f"sessionid={browser.cookies['sessionid'].value}"})
            clients[f"{name}-api"] = HttpClient(port, {"Authorization": f"Bearer {raw}"})

        def page(who: str, url) -> callable:
            is_api = (url if isinstance(url, str) else url(0)).startswith("/api/")
            client = clients[who + "-api" if is_api else who]
            action = lambda index: client.get(url(index) if callable(url) else url)  # noqa: E731
            action.is_api = is_api
            return action

        def floor(*queries) -> callable:
            return lambda index: sql_json(
                *[(sql, params(index) if callable(params) else params) for sql, params in queries]
            )

        like = lambda term: [f"% {term}%"]  # noqa: E731
        detail_ids = lambda index: [ids[index % len(ids)]]  # noqa: E731
        cases = [
            ("home page, national", "page", page("national", "/en/"), floor((TALLY_FLOOR, [""]))),
            ("home page, Mondulkiri officer", "page", page("mondulkiri", "/en/"), floor((TALLY_FLOOR, ["11"]))),
            (
                "officials page, province 11 by name",
                "page",
                page("national", "/en/officials/?area=11&sort=name"),
                floor((OFFICIALS_FLOOR, ["11"]), (OFFICIALS_COUNT, ["11"])),
            ),
            (
                "officials page, Mondulkiri officer",
                "page",
                page("mondulkiri", "/en/officials/?sort=name"),
                floor((OFFICIALS_FLOOR, ["11"]), (OFFICIALS_COUNT, ["11"])),
            ),
            (
                "officials API, province 11 by name",
                "api",
                page("national", "/api/v1/officials?area=11&sort=name&limit=50"),
                floor((OFFICIALS_FLOOR, ["11"]), (OFFICIALS_COUNT, ["11"])),
            ),
            (
                "official detail page",
                "page",
                page("national", lambda i: f"/en/officials/{ids[i % len(ids)]}/"),
                floor((DETAIL_FLOOR, detail_ids), (POSTS_FLOOR, detail_ids)),
            ),
            (
                "official detail API",
                "page",
                page("national", lambda i: f"/api/v1/officials/{ids[i % len(ids)]}"),
                floor((DETAIL_FLOOR, detail_ids), (POSTS_FLOOR, detail_ids)),
            ),
            (
                "area search API, Khmer",
                "api",
                page("national", f"/api/v1/areas?q={KHMER_QUERY_URL}"),
                floor((AREAS_FLOOR, like(KHMER_QUERY)), (AREAS_COUNT, like(KHMER_QUERY))),
            ),
            (
                "area search API, English",
                "api",
                page("national", f"/api/v1/areas?q={ENGLISH_QUERY}"),
                floor((AREAS_FLOOR, like(ENGLISH_QUERY)), (AREAS_COUNT, like(ENGLISH_QUERY))),
            ),
            (
                "area search page, Khmer",
                "page",
                page("national", f"/km/areas/?q={KHMER_QUERY_URL}"),
                floor((AREAS_FLOOR, like(KHMER_QUERY)), (AREAS_COUNT, like(KHMER_QUERY))),
            ),
            (
                "area search page, English",
                "page",
                page("national", f"/en/areas/?q={ENGLISH_QUERY}"),
                floor((AREAS_FLOOR, like(ENGLISH_QUERY)), (AREAS_COUNT, like(ENGLISH_QUERY))),
            ),
        ]
        if only == "voice":
            cases = []
        else:
            cases += learning_cases(page, floor)
        cases += voice_cases(page, floor)
        if chosen:
            cases = [entry for entry in cases if any(text in entry[0] for text in chosen)]
        total = Person.objects.count()
        self.stdout.write(
            f"\n{connection.vendor}: {total:,} people, {generated_concerns():,} generated concerns,"
            f" {requests} requests per case after {warmup} warm-up;"
            " server time from the app's Server-Timing header; floor = one raw SQL query + json.dumps\n"
        )
        self.stdout.write("| case | p50 ms | p95 ms | floor p50 | floor p95 | ratio p95 | target | ok |")
        self.stdout.write("|---|---:|---:|---:|---:|---:|---|---|")
        failures, missed_ratios = 0, []
        for name, kind, action, floor_action in cases:
            measured = timed(action, requests=requests, warmup=warmup)
            floor_timing = timed(floor_action, requests=requests, warmup=warmup)
            ratio = measured.p95 / floor_timing.p95 if floor_timing.p95 else float("inf")
            target, ok = judge(kind, measured.p95, ratio)
            failures += not ok
            if TARGETS[kind][1] is not None and ratio > TARGETS[kind][1]:
                missed_ratios.append((name, action.is_api, TARGETS[kind][1] * floor_timing.p95, floor_timing.p95))
            self.stdout.write(
                f"| {name} | {measured.p50:.2f} | {measured.p95:.2f} | {floor_timing.p50:.2f} | {floor_timing.p95:.2f}"
                f" | {ratio:.1f}x | {target} | {'yes' if ok else 'NO'} |"
            )
        if missed_ratios:
            self.stdout.write(self._least_page(page, missed_ratios, requests, warmup))
        if only == "all" and not chosen:
            self.stdout.write(self._home_growth(national))
        if failures:
            self.stdout.write(f"\n{failures} case(s) missed the target.")

    def _least_page(self, page, missed: list[tuple[str, bool, float, float]], requests: int, warmup: int) -> str:
        """What a signed-in request costs before it reads its own records, in the same run: the
        profile page (session, user and roles, the user's role assignments, the layout) and one
        area from the API (token, user and roles, one row). A page pays that and at least its own
        queries (its floor): where the two together exceed the p95 a missed ratio allows, no page
        or call meets that ratio through Django's request path, however its own work is written."""
        least = {
            False: timed(page("national", "/en/accounts/profile/"), requests=requests, warmup=warmup),
            True: timed(page("national", "/api/v1/areas/11"), requests=requests, warmup=warmup),
        }
        lines = [
            "\nLeast cost of a signed-in request, p50 / p95 ms:"
            f" a page (the profile page) {least[False].p50:.2f} / {least[False].p95:.2f},"
            f" an API call (one area) {least[True].p50:.2f} / {least[True].p95:.2f}.",
            "| missed ratio | p95 the ratio allows | signed-in request + floor, p95 | left for the ORM and rendering |",
            "|---|---:|---:|---:|",
        ]
        for name, is_api, allowed, floor_p95 in missed:
            unavoidable = least[is_api].p95 + floor_p95
            lines.append(f"| {name} | {allowed:.2f} | {unavoidable:.2f} | {allowed - unavoidable:.2f} |")
        return "\n".join(lines)

    def _home_growth(self, user) -> str:
        """The home page reads kept tallies: its SQL does not depend on the number of officials."""
        client = Client()
        client.force_login(user)
        with CaptureQueriesContext(connection) as queries:
            client.get("/en/")
        scans = [q["sql"] for q in queries.captured_queries if "people_person" in q["sql"]]
        return (
            f"\nHome page: {len(queries)} queries, {len(scans)} touching the people table"
            " (counts come from kept tallies, so they do not grow with the records)."
        )
