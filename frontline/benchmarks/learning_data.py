"""Capacity development at national scale, on top of the national officials data set:
20,000 training events over three years and 1,000,000 enrolments, with their sessions,
attendance marks, test scores and some certificates.

Rows go in through the same bulk path as the officials (national._insert); the counters and
derived columns are filled as the services would fill them, and the dashboard rollups are
rebuilt from the base tables at the end.
"""

import datetime
import random
import time
from collections import defaultdict
from decimal import Decimal

from django.db import connection, transaction

from frontline.core.text import search_document
from frontline.learning.models import (
    AttendanceMark,
    Certificate,
    CompetencyDomain,
    CurriculumModule,
    CurriculumVersion,
    DeliveryMode,
    Enrolment,
    EventSession,
    EventStatus,
    Programme,
    TrainingEvent,
)
from frontline.learning.rollups import rollups_rebuild
from frontline.learning.services.completion import NUMBER_ALPHABET
from frontline.organisations.models import Organisation, OrgKind
from frontline.people.models import Person

from .national import GENERATED_PREFIX, STAMP, STAMP_TEXT, _insert

SEED = 2022
PROGRAMME_PREFIX = "gen-programme-"
YEARS = (2024, 2025, 2026)
SHOWCASE_PARTICIPANTS = 60
EVENT_COLUMNS = [
    "id", "programme_id", "curriculum_id", "title_km", "title_en", "start_date", "end_date", "venue", "area_id",
    "organiser_id", "funder_id", "opening_guests", "capacity", "status", "cancel_reason", "area_code",
    "province_code", "organiser_path", "funder_path", "search_text", "enrolled_count", "waitlist_count",
    "completed_count", "planned_cost", "actual_cost", "created_at", "updated_at", "delivery_mode",
]  # fmt: skip
SESSION_COLUMNS = ["id", "event_id", "date", "part", "topic", "status", "created_at", "updated_at"]
ENROLMENT_COLUMNS = [
    "id", "event_id", "person_id", "status", "quota_id", "nominated_by_id", "organisation_id", "org_path",
    "area_code", "province_code", "level", "sex", "sessions_attended", "attendance_rate", "pre_score",
    "post_score", "completed", "completed_on", "badge_code", "created_at", "updated_at",
]  # fmt: skip
MARK_COLUMNS = ["enrolment_id", "session_id", "present", "method", "client_uuid", "marked_at", "marked_by_id"]
CERTIFICATE_COLUMNS = [
    "number", "enrolment_id", "person_id", "name_km", "name_latin", "title_km", "title_en", "completed_on",
    "hours", "issued_at", "issued_by_id", "revoked_at", "revoked_reason", "revoked_by_id", "created_at",
    "updated_at",
]  # fmt: skip
PROGRAMMES = [
    ("ប្រព័ន្ធគាំពារសង្គម", "Social protection frameworks"),
    ("ការគ្រប់គ្រងករណីកុមារ", "Child case management"),
    ("សេវាច្រកចេញចូលតែមួយ", "One window service delivery"),
    ("ភាពជាអ្នកដឹកនាំ", "Leadership and public service culture"),
    ("ការគ្រប់គ្រងហិរញ្ញវត្ថុសាធារណៈ", "Public financial management"),
    ("ផែនការអភិវឌ្ឍឃុំ", "Commune development planning"),
    ("សុចរិតភាព និងគណនេយ្យភាព", "Integrity and accountability"),
    ("សេវាឌីជីថល", "Digital public services"),
]


def generated_events() -> int:
    return TrainingEvent.objects.filter(programme__code__startswith=PROGRAMME_PREFIX).count()


def wipe_learning() -> None:
    """Remove the generated learning data (not the officials)."""
    from frontline.learning.models import EventContribution, Rollup, UnitCoverage

    with transaction.atomic():
        events = TrainingEvent.objects.filter(programme__code__startswith=PROGRAMME_PREFIX)
        Certificate.objects.filter(enrolment__event__in=events).delete()
        AttendanceMark.objects.filter(session__event__in=events).delete()
        Enrolment.objects.filter(event__in=events).delete()
        EventSession.objects.filter(event__in=events).delete()
        EventContribution.objects.filter(event__in=events).delete()
        events.delete()
        Programme.objects.filter(code__startswith=PROGRAMME_PREFIX).delete()
        Rollup.objects.all().delete()
        UnitCoverage.objects.all().delete()


def _programmes() -> list[tuple[Programme, CurriculumVersion, Decimal]]:
    ministries = list(Organisation.objects.filter(code__startswith=GENERATED_PREFIX, kind=OrgKind.MINISTRY))
    domain, _created = CompetencyDomain.objects.get_or_create(
        code="gen-domain", defaults={"name_km": "វិស័យ", "name_en": "Generated domain"}
    )
    result = []
    for number, (title_km, title_en) in enumerate(PROGRAMMES):
        institution = ministries[number % len(ministries)]
        programme = Programme.objects.create(
            code=f"{PROGRAMME_PREFIX}{number}",
            title_km=title_km,
            title_en=title_en,
            institution=institution,
            owner_path=institution.path,
            owner_area_code="",
            requires_post_test=True,
            search_text=search_document(title_km, title_en),
        )
        version = CurriculumVersion.objects.create(
            programme=programme, number=1, effective_from=datetime.date(2020, 1, 1)
        )
        for module in range(3):
            CurriculumModule.objects.create(
                version=version,
                order=module + 1,
                title_km=f"{title_km} {module + 1}",
                title_en=f"{title_en} {module + 1}",
                hours=Decimal("4.0"),
                delivery_mode=DeliveryMode.FACE_TO_FACE,
            )
        result.append((programme, version, Decimal("12.0")))
    return result


class _Officials:
    """The generated officials by province, with what an enrolment copies from them."""

    def __init__(self):
        self.by_province: dict[str, list[tuple]] = defaultdict(list)
        rows = Person.objects.officials().values_list(
            "id",
            "organisation_id",
            "org_path",
            "area_code",
            "province_code",
            "level",
            "sex",
            "family_name_km",
            "given_name_km",
            "family_name_latin",
            "given_name_latin",
        )
        for row in rows.iterator(chunk_size=20_000):
            self.by_province[row[4]].append(row)
        self.provinces = sorted(code for code in self.by_province if code)


def _units(provinces: list[str]) -> dict[str, list[tuple[int, str, str]]]:
    """Organisers per province: generated provincial departments and administrations."""
    units: dict[str, list] = defaultdict(list)
    rows = Organisation.objects.filter(
        code__startswith=GENERATED_PREFIX, kind__in=(OrgKind.PROVINCIAL_DEPARTMENT, OrgKind.SUBNATIONAL)
    ).values_list("id", "path", "area_code")
    for pk, path, area_code in rows:
        if len(area_code) in (2, 4):
            units[area_code[:2]].append((pk, path, area_code))
    return units


def _next_ids(*models) -> list[int]:
    return [(model.objects.order_by("-id").values_list("id", flat=True).first() or 0) + 1 for model in models]


def generate_learning(events: int = 20_000, enrolments: int = 1_000_000, *, out=print) -> dict:
    """Build the data set; returns timings."""
    started = time.perf_counter()
    rng = random.Random(SEED)
    programmes = _programmes()
    officials = _Officials()
    units = _units(officials.provinces)
    as_text = connection.vendor != "postgresql"
    day = datetime.date.isoformat if as_text else (lambda value: value)
    stamp = STAMP_TEXT if as_text else STAMP
    event_id, session_id, enrolment_id = _next_ids(TrainingEvent, EventSession, Enrolment)
    event_rows, session_rows, enrolment_rows, mark_rows, certificate_rows = [], [], [], [], []
    per_event = enrolments // events
    today = datetime.date(2026, 11, 1)
    for n in range(events):
        programme, version, hours = programmes[n % len(programmes)]
        year = YEARS[n * len(YEARS) // events]
        start = datetime.date(year, 1, 5) + datetime.timedelta(days=int(rng.random() * 350))
        length = 1 + int(rng.random() * 3)
        end = start + datetime.timedelta(days=length - 1)
        province = officials.provinces[int(rng.random() * len(officials.provinces))]
        organiser, organiser_path, area_code = units[province][int(rng.random() * len(units[province]))]
        status = EventStatus.COMPLETED if end < today else EventStatus.OPEN
        participants = SHOWCASE_PARTICIPANTS if n == 0 else per_event
        pool = officials.by_province[province]
        chosen = rng.sample(pool, min(participants, len(pool)))
        sessions = []
        for offset in range(length):
            sessions.append(session_id)
            held = "held" if status == EventStatus.COMPLETED else "planned"
            session_rows.append(
                (session_id, event_id, day(start + datetime.timedelta(days=offset)), "day", "", held, stamp, stamp)
            )
            session_id += 1
        completed = 0
        for person in chosen:
            pk, organisation, org_path, person_area, person_province, level, sex = person[:7]
            pre, post = None, None
            attended = length
            done = False
            if status == EventStatus.COMPLETED:
                attended = length - (1 if rng.random() < 0.12 else 0)
                pre = float(20 * int(rng.random() * 4))
                post = float(min(100, pre + 20 * int(1 + rng.random() * 3)))
                done = attended / length >= 0.8 and post >= 60
                completed += done
                for index, session in enumerate(sessions):
                    mark_rows.append((enrolment_id, session, index < attended, "checklist", None, stamp, None))
                if done and n % 10 == 0:
                    number = f"FL-{end.year}-" + "".join(rng.choice(NUMBER_ALPHABET) for _ in range(10))
                    certificate_rows.append(
                        (
                            number,
                            enrolment_id,
                            pk,
                            f"{person[7]} {person[8]}",
                            f"{person[9]} {person[10]}",
                            programme.title_km,
                            programme.title_en,
                            day(end),
                            hours,
                            stamp,
                            None,
                            None,
                            "",
                            None,
                            stamp,
                            stamp,
                        )
                    )
            enrolment_rows.append(
                (
                    enrolment_id,
                    event_id,
                    pk,
                    "enrolled",
                    None,
                    None,
                    organisation,
                    org_path,
                    person_area,
                    person_province,
                    level,
                    sex,
                    attended if status == EventStatus.COMPLETED else 0,
                    attended / length if status == EventStatus.COMPLETED else None,
                    pre,
                    post,
                    done,
                    day(end) if done else None,
                    f"g{enrolment_id:011d}",
                    stamp,
                    stamp,
                )
            )
            enrolment_id += 1
        cost = 2_000_000 + 350_000 * len(chosen) * length
        event_rows.append(
            (
                event_id,
                programme.pk,
                version.pk,
                programme.title_km,
                programme.title_en,
                day(start),
                day(end),
                f"Hall {n}",
                area_code,
                organiser,
                None,
                "",
                max(participants, 60),
                status,
                "",
                area_code,
                area_code[:2],
                organiser_path,
                "",
                search_document(programme.title_km, programme.title_en, f"Hall {n}"),
                len(chosen),
                0,
                completed,
                cost,
                cost if status == EventStatus.COMPLETED else 0,
                stamp,
                stamp,
                DeliveryMode.FACE_TO_FACE,
            )
        )
        event_id += 1
    built = time.perf_counter()
    with transaction.atomic():
        _insert(TrainingEvent._meta.db_table, EVENT_COLUMNS, event_rows)
        _insert(EventSession._meta.db_table, SESSION_COLUMNS, session_rows)
        _insert(Enrolment._meta.db_table, ENROLMENT_COLUMNS, enrolment_rows)
        _insert(AttendanceMark._meta.db_table, MARK_COLUMNS, mark_rows)
        _insert(Certificate._meta.db_table, CERTIFICATE_COLUMNS, certificate_rows)
        _reset_sequences()
    inserted = time.perf_counter()
    rollups_rebuild()
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE")
    done_at = time.perf_counter()
    rows = len(event_rows) + len(session_rows) + len(enrolment_rows) + len(mark_rows) + len(certificate_rows)
    out(
        f"{len(event_rows):,} events, {len(enrolment_rows):,} enrolments, {len(mark_rows):,} attendance marks, "
        f"{len(certificate_rows):,} certificates: built in {built - started:.1f} s, inserted in "
        f"{inserted - built:.1f} s ({rows / (inserted - built):,.0f} rows/s), rollups in {done_at - inserted:.1f} s"
    )
    return {"events": len(event_rows), "enrolments": len(enrolment_rows)}


def _reset_sequences() -> None:
    if connection.vendor != "postgresql":
        return
    with connection.cursor() as cursor:
        for model in (TrainingEvent, EventSession, Enrolment, AttendanceMark, Certificate):
            table = model._meta.db_table
            cursor.execute(
                f"SELECT setval(pg_get_serial_sequence('{table}', 'id'), (SELECT MAX(id) FROM {table}))"  # noqa: S608
            )
