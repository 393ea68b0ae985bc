"""The voice dashboard: its numbers equal counts over the base tables, for the nation, a
province, a district and an organisation-only user (live), in a handful of queries."""

import datetime

import pytest
from django.db.models import Count
from django.utils import timezone

from conftest import user_with
from frontline.accounts.roles import Role
from frontline.voice.models import OPEN_STATUSES, Channel, Concern, Status
from frontline.voice.services import (
    concern_rate,
    concern_route,
    concern_transition,
    escalate_overdue,
    forum_save,
)


@pytest.fixture
def spread(make_concern, categories, users, ladder, kandal_village, village):
    officer = users[Role.PROVINCIAL_OFFICER]
    national = users[Role.NATIONAL_ADMIN]
    made = [
        make_concern(),
        make_concern(category=categories["roads"], channel="owso", description="ផ្លូវលំខូចខាតខ្លាំងណាស់"),
        make_concern(category=categories["health"], channel="hotline", description="មណ្ឌលសុខភាពបិទញឹកញាប់"),
        make_concern(area=kandal_village, category=categories["roads"], description="ស្ពានបាក់ក្នុងភូមិ"),
    ]
    concern_transition(acting_user=officer, concern=made[0], status=Status.ACKNOWLEDGED, public_note="ok")
    concern_transition(acting_user=officer, concern=made[0], status=Status.RESOLVED, public_note="fixed")
    concern_rate(concern=made[0], satisfied=True)
    concern_route(acting_user=officer, concern=made[1], authority=ladder["ministry"])
    escalate_overdue(now=timezone.now() + datetime.timedelta(days=5))
    today = timezone.localdate()
    forum_save(
        acting_user=national,
        level="commune",
        area=village.parent,
        held_on=today,
        venue="Pagoda",
        organiser=ladder["commune"],
        attendance_female=30,
        attendance_male=20,
        attendance_youth=5,
    )
    return made


def _base_counts(concerns):
    concerns = concerns.filter(merged_into__isnull=True, received_at__year=timezone.localdate().year)
    by_status = dict(concerns.values_list("status").annotate(n=Count("id")))
    by_channel = dict(concerns.values_list("channel").annotate(n=Count("id")))
    return {
        "received": concerns.count(),
        "open": concerns.filter(status__in=OPEN_STATUSES).count(),
        "by_status": by_status,
        "by_channel": by_channel,
        "satisfied": concerns.filter(satisfied=True).count(),
        "escalated_2": concerns.filter(escalation_level__gte=2).count(),
    }


def _check(data, expected):
    assert data.summary.received == expected["received"]
    assert data.summary.open == expected["open"]
    assert {value: n for value, _label, n in data.by_status if n} == expected["by_status"]
    assert dict(data.by_channel) == {Channel(value).label: n for value, n in expected["by_channel"].items()}
    assert data.summary.satisfied == expected["satisfied"]
    levels = dict(data.escalations)
    assert list(levels.values())[1] == expected["escalated_2"]  # reached the province or above


def test_the_national_dashboard_equals_the_base_tables(client, spread, users, django_assert_max_num_queries):
    client.force_login(users[Role.NATIONAL_ADMIN])
    page = client.get("/en/voice/dashboard/")
    data = page.context["data"]
    assert not data.live and data.area_code == ""
    _check(data, _base_counts(Concern.objects.all()))
    assert data.summary.received == 4 and data.summary.satisfied == 1
    assert data.forums == 1 and data.attendance == {"female": 30, "male": 20, "youth": 5}
    tiles = {tile["code"]: tile["value"] for tile in data.tiles}
    assert tiles == {"08": 1, "11": 3}
    assert data.summary.median_resolve_days == 0.0 and data.summary.on_time_share == 1.0
    with django_assert_max_num_queries(9):
        client.get("/km/voice/dashboard/")
    province = client.get("/en/voice/dashboard/?area=11").context["data"]
    _check(province, _base_counts(Concern.objects.filter(province_code="11")))
    assert {name: received for _code, name, received, _share in province.child_rows} == {
        "Kaev Seima": 3,
        "Saen Monourom": 0,
    }


def test_a_provincial_and_a_district_user_see_their_area_only(client, spread, users):
    client.force_login(users[Role.PROVINCIAL_OFFICER])
    data = client.get("/en/voice/dashboard/?area=08").context["data"]  # outside: their own province
    assert data.area_code == "11"
    _check(data, _base_counts(Concern.objects.filter(province_code="11")))
    client.force_login(users[Role.DISTRICT_OFFICER])
    district = client.get("/en/voice/dashboard/").context["data"]
    assert district.area_code == "1101"
    _check(district, _base_counts(Concern.objects.filter(district_code="1101")))
    assert district.summary.received == 3
    page = client.get("/km/voice/dashboard/").content.decode()
    assert "៣" in page  # Khmer digits


def test_an_organisation_user_gets_the_same_numbers_counted_live(client, spread, ladder):
    ministry = user_with("moi-officer", Role.PROVINCIAL_OFFICER, organisation=ladder["ministry"])
    client.force_login(ministry)
    data = client.get("/en/voice/dashboard/").context["data"]
    assert data.live and data.tiles == []
    expected = _base_counts(Concern.objects.visible_to(ministry))
    assert expected["received"] >= 1  # routed to the ministry
    _check(data, expected)
