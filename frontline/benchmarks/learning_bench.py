"""The capacity development cases of `manage.py bench`: the event page with 60 participants,
the training dashboard for the nation and for one province, an official's transcript; and the
document timings (certificate PDFs, the participant import)."""

import datetime
import time

from django.db.models import Count

from frontline.learning.models import Certificate, Enrolment, TrainingEvent
from frontline.people.models import Person

from .learning_data import PROGRAMME_PREFIX, SHOWCASE_PARTICIPANTS
from .measure import history_floor

DASHBOARD_YEAR = 2025
PROVINCE = "11"

EVENT_FLOOR = [
    (
        "SELECT e.*, p.title_en AS programme, o.name_en AS organiser, a.name_en AS area FROM learning_trainingevent e"
        " JOIN learning_programme p ON p.id = e.programme_id JOIN organisations_organisation o ON o.id = e.organiser_id"
        " JOIN geography_area a ON a.code = e.area_id WHERE e.id = %s"
    ),
    (
        "SELECT en.id, en.status, en.sessions_attended, en.attendance_rate, en.pre_score, en.post_score,"
        " en.completed, pe.id AS person_id, pe.family_name_km, pe.given_name_km, pe.family_name_latin,"
        " pe.given_name_latin, o.name_km AS unit_km, o.name_en AS unit_en, c.number"
        " FROM learning_enrolment en JOIN people_person pe ON pe.id = en.person_id"
        " LEFT JOIN organisations_organisation o ON o.id = en.organisation_id"
        " LEFT JOIN learning_certificate c ON c.enrolment_id = en.id"
        " WHERE en.event_id = %s ORDER BY en.status, pe.name_sort, en.id"
    ),
    (
        "SELECT s.id, s.date, s.part, s.status, SUM(CASE WHEN m.present THEN 1 ELSE 0 END) AS present"
        " FROM learning_eventsession s LEFT JOIN learning_attendancemark m ON m.session_id = s.id"
        " WHERE s.event_id = %s GROUP BY s.id, s.date, s.part, s.status ORDER BY s.date, s.part"
    ),
    ("SELECT * FROM learning_budgetline WHERE event_id = %s ORDER BY category"),
    # The rest of what the page shows: quotas, trainers, tests, target groups, the results
    # (average scores, the evaluations, each trainer's rating) and the event's history.
    (
        "SELECT q.places, a.name_km, a.name_en, o.name_km AS unit_km, o.name_en AS unit_en FROM learning_eventquota q"
        " LEFT JOIN geography_area a ON a.code = q.area_id LEFT JOIN organisations_organisation o"
        " ON o.id = q.organisation_id WHERE q.event_id = %s"
    ),
    (
        "SELECT t.id, t.trainer_id, t.role, t.exception_reason, pe.family_name_km, pe.given_name_km"
        " FROM learning_eventtrainer t JOIN learning_trainer tr ON tr.id = t.trainer_id"
        " JOIN people_person pe ON pe.id = tr.person_id WHERE t.event_id = %s"
    ),
    ("SELECT kind, opens_at, closes_at FROM learning_eventtest WHERE event_id = %s"),
    (
        "SELECT g.name_km, g.name_en FROM learning_targetgroup g JOIN learning_trainingevent_target_groups tg"
        " ON tg.targetgroup_id = g.id WHERE tg.trainingevent_id = %s"
    ),
    (
        "SELECT AVG(pre_score) AS pre, AVG(post_score) AS post, AVG(post_score - pre_score) AS gain"
        " FROM learning_enrolment WHERE event_id = %s AND status = 'enrolled'"
    ),
    (
        "SELECT AVG(v.content), AVG(v.relevance), AVG(v.organisation), COUNT(*) FROM learning_evaluation v"
        " JOIN learning_enrolment en ON en.id = v.enrolment_id WHERE en.event_id = %s"
    ),
    (
        "SELECT pe.family_name_km, pe.given_name_km, AVG(r.rating), COUNT(*) FROM learning_trainerrating r"
        " JOIN learning_eventtrainer t ON t.id = r.assignment_id JOIN learning_trainer tr ON tr.id = t.trainer_id"
        " JOIN people_person pe ON pe.id = tr.person_id WHERE t.event_id = %s"
        " GROUP BY pe.family_name_km, pe.given_name_km"
    ),
    history_floor("learning", "trainingevent"),
]
# The dashboard's numbers straight from the base tables: participants and completions by
# province, level and sex; learning gain; events and costs; officials and those trained in the
# last twelve months (coverage); the trend by year.
DASHBOARD_FLOOR = {
    "participants": (
        "SELECT en.province_code, en.level, en.sex, COUNT(*) AS participants,"
        " SUM(CASE WHEN en.completed THEN 1 ELSE 0 END) AS completed,"
        " SUM(en.post_score - en.pre_score) AS gain_sum, COUNT(en.pre_score) AS gain_count"
        " FROM learning_enrolment en JOIN learning_trainingevent e ON e.id = en.event_id"
        " WHERE en.status = 'enrolled' AND e.status IN ('completed', 'reported')"
        " AND e.end_date BETWEEN %s AND %s {participant_filter} GROUP BY en.province_code, en.level, en.sex"
    ),
    "events": (
        "SELECT COUNT(*) AS events, SUM(actual_cost) AS cost, SUM(enrolled_count) AS participants,"
        " SUM(completed_count) AS completed FROM learning_trainingevent e"
        " WHERE status IN ('completed', 'reported') AND end_date BETWEEN %s AND %s {event_filter}"
    ),
    "officials": (
        "SELECT province_code, COUNT(*) AS officials FROM people_person p"
        " WHERE organisation_id IS NOT NULL {person_filter} GROUP BY province_code"
    ),
    "trained": (
        "SELECT p.province_code, COUNT(DISTINCT en.person_id) AS trained FROM learning_enrolment en"
        " JOIN people_person p ON p.id = en.person_id WHERE en.completed AND en.completed_on > %s"
        " {person_filter} GROUP BY p.province_code"
    ),
    "needs": (
        "SELECT SUM(n.staff) AS filed, SUM(CASE WHEN n.met < n.staff THEN n.met ELSE n.staff END) AS met"
        " FROM learning_needitem n JOIN learning_needsassessment a ON a.id = n.assessment_id"
        " WHERE a.year = %s AND a.status = 'submitted' {needs_filter}"
    ),
    "years": (
        "SELECT e.end_date AS day, COUNT(*) AS participants FROM learning_enrolment en"
        " JOIN learning_trainingevent e ON e.id = en.event_id WHERE e.status IN ('completed', 'reported')"
        " {participant_filter} GROUP BY e.end_date"
    ),
}
TRANSCRIPT_FLOOR = [
    (
        "SELECT en.*, e.title_km, e.title_en, e.start_date, e.status AS event_status, c.number,"
        " (SELECT SUM(hours) FROM learning_curriculummodule m WHERE m.version_id = e.curriculum_id) AS hours"
        " FROM learning_enrolment en JOIN learning_trainingevent e ON e.id = en.event_id"
        " LEFT JOIN learning_certificate c ON c.enrolment_id = en.id WHERE en.person_id = %s"
        " ORDER BY e.start_date DESC"
    ),
    (
        "SELECT DISTINCT c.* FROM learning_competency c JOIN learning_programme_competencies pc"
        " ON pc.competency_id = c.id JOIN learning_trainingevent e ON e.programme_id = pc.programme_id"
        " JOIN learning_enrolment en ON en.event_id = e.id WHERE en.person_id = %s AND en.completed"
    ),
    (
        "SELECT t.*, o.name_en, o.name_km FROM people_post t JOIN organisations_organisation o"
        " ON o.id = t.organisation_id WHERE t.person_id = %s ORDER BY t.start_date DESC"
    ),
]


def _dashboard_floor(province: str | None) -> list[tuple[str, list]]:
    start, end = datetime.date(DASHBOARD_YEAR, 1, 1), datetime.date(DASHBOARD_YEAR, 12, 31)
    since = datetime.date(2025, 11, 24)
    filters = {
        "participant_filter": "AND en.province_code = %s" if province else "",
        "event_filter": "AND e.province_code = %s" if province else "",
        "person_filter": "AND p.province_code = %s" if province else "",
        "needs_filter": "AND a.province_code = %s" if province else "",
    }
    extra = [province] if province else []
    sql = {name: text.format(**filters) for name, text in DASHBOARD_FLOOR.items()}
    return [
        (sql["participants"], [start, end, *extra]),
        (sql["events"], [start, end, *extra]),
        (sql["officials"], extra),
        (sql["trained"], [since, *extra]),
        (sql["needs"], [DASHBOARD_YEAR, *extra]),
        (sql["years"], extra),
    ]


def _showcase_event() -> TrainingEvent:
    return (
        TrainingEvent.objects.filter(programme__code__startswith=PROGRAMME_PREFIX)
        .annotate(n=Count("enrolments"))
        .filter(n=SHOWCASE_PARTICIPANTS)
        .order_by("id")
        .first()
    )


def _transcript_person() -> int:
    """An official of the province with several trainings behind them."""
    row = (
        Enrolment.objects.filter(province_code=PROVINCE, person__organisation__isnull=False)
        .values("person_id")
        .annotate(n=Count("id"))
        .order_by("-n", "person_id")
        .first()
    )
    return row["person_id"]


def learning_cases(page, floor) -> list[tuple]:
    event = _showcase_event()
    person = _transcript_person()
    year = f"year={DASHBOARD_YEAR}"
    return [
        (
            f"event page, {SHOWCASE_PARTICIPANTS} participants",
            "learning-page",
            page("national", f"/en/learning/events/{event.pk}/"),
            floor(*[(sql, [event.pk]) for sql in EVENT_FLOOR]),
        ),
        (
            "training dashboard, nation",
            "dashboard",
            page("national", f"/en/learning/dashboard/?{year}"),
            floor(*_dashboard_floor(None)),
        ),
        (
            "training dashboard, Mondulkiri officer",
            "dashboard",
            page("mondulkiri", f"/en/learning/dashboard/?{year}"),
            floor(*_dashboard_floor(PROVINCE)),
        ),
        (
            "transcript of an official",
            "learning-page",
            page("national", f"/en/learning/officials/{person}/transcript/"),
            floor(*[(sql, [person]) for sql in TRANSCRIPT_FLOOR]),
        ),
        (
            "events API, province 11",
            "learning-page",
            page("national", "/api/v1/events?area=11&limit=50"),
            floor(
                (
                    "SELECT e.id, e.title_km, e.title_en, e.start_date, e.end_date, e.venue, e.area_code, e.status,"
                    " e.capacity, e.enrolled_count, e.completed_count, e.programme_id, o.name_en, o.name_km"
                    " FROM learning_trainingevent e JOIN organisations_organisation o ON o.id = e.organiser_id"
                    " WHERE e.province_code = %s ORDER BY e.start_date DESC, e.id DESC LIMIT 50",
                    [PROVINCE],
                ),
                ("SELECT COUNT(*) FROM learning_trainingevent WHERE province_code = %s", [PROVINCE]),
            ),
        ),
    ]


IMPORT_ROWS = 10_000
IMPORT_NEW = 1_000


def _import_file():
    """A participant list: 9,000 registered officials by national ID, 1,000 new ones."""
    import csv
    import io

    from django.core.files.uploadedfile import SimpleUploadedFile

    from frontline.learning.importing import COLUMNS
    from frontline.organisations.models import Organisation

    buffer = io.StringIO()
    writer = csv.writer(buffer)
    writer.writerow(COLUMNS)
    people = Person.objects.officials().exclude(national_id=None).order_by("id")
    for national_id, family_km, given_km in people.values_list("national_id", "family_name_km", "given_name_km")[
        : IMPORT_ROWS - IMPORT_NEW
    ]:
        writer.writerow([national_id, "", family_km, given_km] + [""] * (len(COLUMNS) - 4))
    unit = Organisation.objects.filter(code__startswith="gen-admin-").order_by("id").first()
    for n in range(IMPORT_NEW):
        writer.writerow(
            [
                "",
                f"0{880000000 + n}",
                "ថ្មី",
                f"អ្នកទី{n}",
                "Thmey",
                f"Person {n}",
                "1990-01-01",
                "F",
                unit.code,
                "មន្ត្រី",
                "technical",
            ]
        )
    return SimpleUploadedFile("participants.csv", buffer.getvalue().encode("utf-8"))


def _time_import() -> tuple[float, bool]:
    """Import the 10,000-row list into a new event, then roll everything back."""
    from django.db import transaction

    from frontline.accounts.models import User
    from frontline.learning.importing import participants_import
    from frontline.learning.services.events import event_create

    upload = _import_file()
    template = _showcase_event()
    with transaction.atomic():
        event = event_create(
            acting_user=None,
            programme=template.programme,
            start_date=datetime.date(2027, 3, 1),
            end_date=datetime.date(2027, 3, 2),
            venue="Import test",
            area=template.area,
            organiser=template.organiser,
            capacity=IMPORT_ROWS,
        )
        started = time.perf_counter()
        report = participants_import(
            acting_user=User.objects.get(username="bench-national"), event=event, upload=upload
        )
        seconds = time.perf_counter() - started
        transaction.set_rollback(True)
    return seconds, report.ok and report.enrolled == IMPORT_ROWS


def learning_documents() -> str:
    """Certificate PDFs (one, and the batch of a 60-participant event) and the participant
    import of 10,000 rows, timed in this process."""
    from frontline.learning.certificates import certificates_pdf

    certificates = list(
        Certificate.objects.select_related("enrolment__event__organiser", "enrolment__event__area").order_by("id")[:60]
    )
    certificates_pdf(certificates[:1])  # load fonts once, as a running server has
    single = []
    for certificate in certificates[:10]:
        started = time.perf_counter()
        certificates_pdf([certificate])
        single.append(time.perf_counter() - started)
    started = time.perf_counter()
    certificates_pdf(certificates)
    batch = time.perf_counter() - started
    single.sort()
    import_seconds, imported = _time_import()
    return (
        "\n| document | measured | target | ok |\n|---|---:|---|---|\n"
        f"| certificate PDF, one (median of 10) | {single[len(single) // 2]:.2f} s | <= 1 s |"
        f" {'yes' if single[-1] <= 1 else 'NO'} |\n"
        f"| certificate PDFs, batch of {len(certificates)} | {batch:.2f} s | <= 20 s |"
        f" {'yes' if batch <= 20 else 'NO'} |\n"
        f"| participant import, {IMPORT_ROWS:,} rows ({IMPORT_NEW:,} new officials) | {import_seconds:.2f} s |"
        f" <= 10 s | {'yes' if imported and import_seconds <= 10 else 'NO'} |"
    )
