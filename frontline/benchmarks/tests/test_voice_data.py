import pytest

from frontline.benchmarks.voice_data import generate_voice, generated_concerns, wipe_voice
from frontline.core.search import fulltext_filter
from frontline.core.text import query_terms, search_document, stems
from frontline.geography.models import Area, Kind, Level
from frontline.voice.models import Concern, Escalation, Forum, Status, VoiceTally
from frontline.voice.rollups import rebuild_tallies

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture
def villages(areas):
    # Transactional tests flush the database after each test, the seeded categories with it.
    import importlib

    from django.apps import apps

    importlib.import_module("frontline.voice.migrations.0002_categories").create(apps, None)
    commune = Area.objects.create(
        code="080101", parent=areas["0801"], level=Level.COMMUNE, kind=Kind.COMMUNE, name_km="ក", name_en="K"
    )
    made = []
    for code, parent in (("11010101", areas["110101"]), ("11010102", areas["110101"]), ("08010101", commune)):
        made.append(
            Area.objects.create(
                code=code, parent=parent, level=Level.VILLAGE, kind=Kind.VILLAGE, name_km="ភូមិ", name_en=code
            )
        )
    return made


def _generated():
    return Concern.objects.filter(created_by__username="bench-voice")


def _tallies() -> dict:
    return {(t.area_key, t.year, t.dimension): t.value for t in VoiceTally.objects.exclude(value=0)}


def test_generated_concerns_are_what_the_services_would_write(villages):
    from frontline.voice.models import Category
    from frontline.voice.services import concern_create

    # One concern recorded through the service before: the generated tallies add to its own.
    recorded = concern_create(
        channel="web",
        category=Category.objects.get(code="water"),
        area=villages[0],
        description="ទឹកម៉ាស៊ីនដាច់ញឹកញាប់ក្នុងភូមិ",
        anonymous=True,
    )
    result = generate_voice(3000, out=lambda line: None)
    assert result["concerns"] == 3000 == generated_concerns()
    statuses = result["statuses"]
    answered = sum(statuses.get(s, 0) for s in (Status.RESOLVED, Status.CLOSED, Status.REFERRED, Status.NOT_SOLVABLE))
    assert answered > 1500 and statuses.get(Status.IN_PROGRESS, 0) > 20
    assert Forum.objects.count() > 100
    for concern in _generated().select_related("authority", "escalated_to")[:200]:
        assert concern.search_text == search_document(concern.description, concern.address_detail) + stems(
            concern.description
        )
        assert concern.province_code == concern.area_code[:2] and concern.district_code == concern.area_code[:4]
        assert concern.authority_path == concern.authority.path
        assert concern.updates.filter(kind="received").count() == 1
        climbed = list(concern.escalations.order_by("created_at"))
        if climbed:
            assert concern.escalation_level == climbed[-1].to_level
            assert concern.escalated_path == concern.escalated_to.path
        if concern.status in (Status.RESOLVED, Status.REFERRED, Status.NOT_SOLVABLE):
            assert concern.answered_at and concern.updates.filter(to_status=concern.status).exists()
    assert Escalation.objects.filter(to_level=4).exists()
    # Khmer search through the full-text index finds exactly the concerns whose words match.
    query = "ផ្លូវលំ"
    found = set(
        fulltext_filter(
            Concern.objects.all(), query, index="voice_concern_fts", vector_column="search_vector"
        ).values_list("pk", flat=True)
    )
    terms = query_terms(query)
    expected = {
        pk
        for pk, text in Concern.objects.values_list("pk", "search_text")
        if all(any(word.startswith(term) for word in text.split()) for term in terms)
    }
    assert found == expected and len(found) > 50
    # The kept tallies are the recount, and a service change on a generated concern keeps them so.
    kept = _tallies()
    rebuild_tallies()
    assert _tallies() == kept
    assert sum(v for (key, _y, dim), v in kept.items() if len(key) == 2 and dim.startswith("status:")) == (
        Concern.objects.filter(merged_into__isnull=True).count()
    )
    assert Concern.objects.count() == 3001
    from conftest import user_with
    from frontline.accounts.roles import Role
    from frontline.voice.services import concern_transition

    national_admin_user = user_with("nat", Role.NATIONAL_ADMIN)

    concern = Concern.objects.filter(status=Status.IN_PROGRESS).exclude(pk=recorded.pk).first()
    concern_transition(acting_user=national_admin_user, concern=concern, status=Status.RESOLVED, public_note="រួចរាល់")
    after = _tallies()
    rebuild_tallies()
    assert after == _tallies() != kept
    wipe_voice()
    assert generated_concerns() == 0 and list(Concern.objects.all()) == [recorded] and Forum.objects.count() == 0
    assert (
        sum(VoiceTally.objects.filter(area_key="11", dimension__startswith="status:").values_list("value", flat=True))
        == 1
    )
    assert not fulltext_filter(
        Concern.objects.all(), query, index="voice_concern_fts", vector_column="search_vector"
    ).exists()
    assert list(
        fulltext_filter(Concern.objects.all(), "ទឹកម៉ាស៊ីន", index="voice_concern_fts", vector_column="search_vector")
    ) == [recorded]


def test_the_voice_bench_cases_answer_and_their_floors_run(villages, client):
    """Every voice case of `manage.py bench` at small scale: the page answers 200 to the bench
    users and the floor's SQL runs on this database."""
    import json

    from django.test import Client

    from conftest import user_with
    from frontline.accounts.roles import Role
    from frontline.benchmarks.measure import sql_json
    from frontline.benchmarks.voice_bench import voice_cases

    generate_voice(1500, out=lambda line: None)
    clients = {}
    for who, user in (
        ("national", user_with("bench-national", Role.NATIONAL_ADMIN)),
        ("mondulkiri", user_with("bench-mondulkiri", Role.PROVINCIAL_OFFICER, area=Area.objects.get(code="11"))),
    ):
        clients[who] = Client()
        clients[who].force_login(user)

    def page(who, url):
        def get(index):
            response = clients[who].get(url(index) if callable(url) else url)
            assert response.status_code == 200, (url, response.status_code)
            return response

        return get

    def floor(*queries):
        return lambda index: sql_json(
            *[(sql, params(index) if callable(params) else params) for sql, params in queries]
        )

    cases = voice_cases(page, floor)
    assert len(cases) == 8
    for name, kind, action, floor_action in cases:
        action(0)
        action(1)
        rows = json.loads(floor_action(0))
        assert rows and all(isinstance(result, list) for result in rows), name
        assert kind.startswith("voice-")
    # The floors count what the pages show: the list's count is the in-progress concerns of 11.
    list_floor = json.loads(cases[0][3](0))
    assert (
        list_floor[1][0]["n"]
        == Concern.objects.filter(province_code="11", status="in_progress", merged_into__isnull=True).count()
    )
    assert len(list_floor[0]) == min(50, list_floor[1][0]["n"])
