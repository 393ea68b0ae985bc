"""The demo data of `make run`: the working group's mission to Mondulkiri, loaded once."""

import io

import pytest
from django.core.management import call_command

from frontline.geography.gazetteer import gazetteer_load
from frontline.voice.demo import MISSION_TITLE_EN
from frontline.voice.models import (
    Concern,
    ConcernUpdate,
    Escalation,
    Forum,
    HouseholdVisit,
    Mission,
    RoutingRule,
    Status,
    VoiceTally,
    WorkingGroupAction,
)
from frontline.voice.rollups import rebuild_tallies

pytestmark = pytest.mark.django_db

MODELS = (Mission, Forum, HouseholdVisit, Concern, ConcernUpdate, Escalation, WorkingGroupAction, RoutingRule)


def _counts() -> dict[str, int]:
    return {model.__name__: model.objects.count() for model in MODELS}


def _tallies() -> dict:
    return {(t.area_key, t.year, t.dimension): t.value for t in VoiceTally.objects.exclude(value=0)}


def test_the_mission_to_mondulkiri_is_seeded_once_with_its_forum_visits_and_concerns(settings, monkeypatch):
    settings.FRONTLINE_ALLOW_DEMO = True
    monkeypatch.setenv("FRONTLINE_DEMO_PASSWORD", "demo-pass-word")
    gazetteer_load()
    out = io.StringIO()
    call_command("seed_demo", stdout=out)
    assert "nwg" in out.getvalue()
    first = _counts()
    call_command("seed_demo", stdout=io.StringIO())
    assert _counts() == first

    mission = Mission.objects.get(title_en=MISSION_TITLE_EN)
    assert mission.area_id == "11" and mission.organiser.code == settings.VOICE_WORKING_GROUP_CODE
    forum = mission.forums.get()
    assert forum.attendance_female + forum.attendance_male > 100 and forum.attendance_youth > 0
    visits = list(mission.visits.all())
    assert len({visit.area_id for visit in visits}) == 2
    heard = Concern.objects.filter(forum__mission=mission) | Concern.objects.filter(visit__mission=mission)
    statuses = set(heard.values_list("status", flat=True))
    assert len(statuses) >= 5
    assert {Status.IN_PROGRESS, Status.RESOLVED, Status.REFERRED, Status.NOT_SOLVABLE, Status.CLOSED} <= statuses
    assert heard.filter(confidential=True).exists()
    assert heard.filter(merged_into__isnull=False).count() == 1
    assert heard.filter(satisfied=True).exists()
    assert WorkingGroupAction.objects.filter(kind="urge", concern__in=heard).exists()
    # The deadline job escalated the concern left six weeks at the One Window office: once for the
    # missed acknowledgement, once for the missed answer, and never again for the same breach.
    breaches = list(Escalation.objects.order_by("id"))
    assert [e.breach for e in breaches] == ["acknowledge", "resolve"]
    stalled = breaches[0].concern
    assert stalled.channel == "owso" and {e.concern_id for e in breaches} == {stalled.pk}
    assert stalled.escalation_level == breaches[-1].to_level > breaches[0].to_level > 0
    assert Concern.objects.filter(status=Status.RECEIVED, escalation_level=0).exists()
    assert Concern.objects.exclude(province_code="11").count() >= 4
    # The land concern went to the provincial administration by the routing rule.
    assert heard.get(category__code="land").authority.code == "admin-11"
    kept = _tallies()
    rebuild_tallies()
    assert kept == _tallies()
