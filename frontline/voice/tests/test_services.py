"""The life of a concern through the services: intake, routing, transitions, escalation,
merging, working group actions, reopening and rating, and the tallies kept alongside."""

import datetime

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone

from frontline.accounts.roles import Role
from frontline.voice.models import (
    ActionKind,
    Concern,
    ConcernUpdate,
    Escalation,
    Level,
    Notification,
    Status,
    VoiceTally,
)
from frontline.voice.rollups import rebuild_tallies
from frontline.voice.services import (
    concern_merge,
    concern_rate,
    concern_reopen,
    concern_route,
    concern_transition,
    escalate_overdue,
    working_group_act,
)


def tallies(key="11"):
    return dict(VoiceTally.objects.filter(area_key=key).exclude(value=0).values_list("dimension", "value"))


def test_intake_routes_to_commune_administration_and_counts(make_concern, ladder):
    concern = make_concern()
    assert concern.tracking_code and len(concern.tracking_code) == 9
    assert concern.authority == ladder["commune"]
    assert concern.escalation_level == Level.COMMUNE
    assert concern.reporter_phone.startswith("0") or concern.reporter_phone.startswith("+855")
    assert tallies()["status:water:received"] == 1
    assert tallies("110101")["channel:web"] == 1
    assert Notification.objects.get(concern=concern).unit == ladder["commune"]


def test_intake_draws_a_new_tracking_code_when_one_is_taken(make_concern, monkeypatch):
    from frontline.voice.services import intake

    first = make_concern()
    draws = iter([first.tracking_code, "ZZZZ-9999"])
    monkeypatch.setattr(intake, "new_tracking_code", lambda: next(draws))
    second = make_concern()
    assert second.tracking_code == "ZZZZ-9999"
    assert ConcernUpdate.objects.filter(concern=second, kind=ConcernUpdate.Kind.RECEIVED).count() == 1
    assert Concern.objects.count() == 2
    assert tallies()["status:water:received"] == 2  # the drawn-twice attempt left nothing behind


def test_a_new_routing_rule_applies_to_the_next_concern(make_concern, ladder, categories):
    from frontline.voice.models import RoutingRule

    assert make_concern().authority == ladder["commune"]  # the routing table is now kept
    RoutingRule.objects.create(category=categories["water"], area_id="11", authority=ladder["province"])
    assert make_concern().authority == ladder["province"]


def test_intake_refuses_missing_category_and_location_field_by_field(make_concern):
    with pytest.raises(ValidationError) as refused:
        make_concern(category=None, area=None, description="short")
    assert set(refused.value.message_dict) == {"category", "area", "description"}
    assert Concern.objects.count() == 0


def test_intake_keeps_html_as_text_and_anonymous_drops_contact(make_concern):
    concern = make_concern(description="<script>alert(1)</script>ផ្លូវខូចខាតធ្ងន់ធ្ងរណាស់", anonymous=True)
    assert "<script>" not in concern.description
    assert concern.reporter_name == "" and concern.reporter_phone == ""


def test_transitions_follow_the_table_and_need_an_answer(make_concern, users):
    officer = users[Role.PROVINCIAL_OFFICER]
    concern = make_concern()
    with pytest.raises(ValidationError) as refused:
        concern_transition(acting_user=officer, concern=concern, status=Status.CLOSED, internal_note="x")
    assert "status" in refused.value.message_dict
    with pytest.raises(ValidationError) as refused:
        concern_transition(acting_user=officer, concern=concern, status=Status.RESOLVED, internal_note="x")
    assert "status" in refused.value.message_dict  # received -> resolved is not allowed either
    concern_transition(acting_user=officer, concern=concern, status=Status.ACKNOWLEDGED, public_note="We will visit.")
    with pytest.raises(ValidationError) as refused:
        concern_transition(acting_user=officer, concern=concern, status=Status.RESOLVED, internal_note="done")
    assert "public_note" in refused.value.message_dict
    concern_transition(acting_user=officer, concern=concern, status=Status.RESOLVED, public_note="The well is fixed.")
    concern.refresh_from_db()
    assert concern.status == Status.RESOLVED and concern.answered_at and concern.acknowledged_at
    counted = tallies()
    assert counted["status:water:resolved"] == 1
    assert "status:water:received" not in counted
    assert counted["resolved_on_time:1"] == 1


def test_handling_outside_scope_is_denied(make_concern, users):
    concern = make_concern()
    with pytest.raises(PermissionDenied):
        concern_transition(
            acting_user=users[Role.AUDITOR], concern=concern, status=Status.ACKNOWLEDGED, public_note="x"
        )


def test_route_change_is_recorded_and_notified(make_concern, users, ladder):
    concern = make_concern()
    concern_route(acting_user=users[Role.PROVINCIAL_OFFICER], concern=concern, authority=ladder["district"])
    concern.refresh_from_db()
    assert concern.authority == ladder["district"] and concern.routing_confirmed
    assert concern.escalation_level == Level.DISTRICT
    assert concern.updates.filter(kind=ConcernUpdate.Kind.ROUTED).exists()
    assert Notification.objects.filter(concern=concern, unit=ladder["district"]).exists()


def test_deadline_job_escalates_once_per_breach_and_up_the_ladder(make_concern, ladder):
    long_ago = timezone.now() - datetime.timedelta(days=10)
    concern = make_concern(received_at=long_ago)
    first = escalate_overdue()
    assert first.escalated == 1
    again = escalate_overdue()
    assert again.escalated == 0  # the same breach never twice
    concern.refresh_from_db()
    assert concern.escalation_level == Level.DISTRICT
    assert concern.escalated_to == ladder["district"]
    assert Escalation.objects.filter(concern=concern).count() == 1
    assert Notification.objects.filter(concern=concern, unit=ladder["district"], kind="escalated_to").exists()
    # The district gets a fresh period; when it passes too, the province is next.
    later = timezone.now() + datetime.timedelta(days=4)
    escalate_overdue(now=later)
    concern.refresh_from_db()
    assert concern.escalation_level == Level.PROVINCE and concern.escalated_to == ladder["province"]
    assert tallies()["escalated:1"] == 1 and tallies()["escalated:2"] == 1


def test_the_deadline_job_keeps_running_and_survives_a_failed_run(make_concern, ladder, monkeypatch):
    """`voice_escalate --every N` (what `make run` starts): a run that fails is logged and the
    next one escalates what it missed; runs after that find nothing new."""
    import io

    from django.core.management import call_command

    from frontline.voice import services

    make_concern(received_at=timezone.now() - datetime.timedelta(days=10))
    real = services.escalate_overdue
    calls = []

    def flaky(**kwargs):
        calls.append(1)
        if len(calls) == 1:
            raise RuntimeError("database away")
        return real(**kwargs)

    monkeypatch.setattr("frontline.voice.management.commands.voice_escalate.escalate_overdue", flaky)
    out = io.StringIO()
    call_command("voice_escalate", every=0.01, max_runs=3, stdout=out)
    assert out.getvalue().splitlines() == ["examined 1, escalated 1", "examined 0, escalated 0"]
    assert len(calls) == 3


def test_working_group_sees_escalated_concern_and_acts_without_deciding(make_concern, working_group_user, ladder):
    concern = make_concern()
    action = working_group_act(
        acting_user=working_group_user, concern=concern, kind=ActionKind.URGE, note="Please repair the well."
    )
    assert action.unit == ladder["commune"]
    concern.refresh_from_db()
    assert concern.status == Status.RECEIVED
    with pytest.raises(PermissionDenied):
        concern_transition(acting_user=working_group_user, concern=concern, status=Status.ACKNOWLEDGED, public_note="x")


def test_merge_keeps_reporters_and_history(make_concern, users):
    officer = users[Role.PROVINCIAL_OFFICER]
    primary = make_concern()
    duplicate = make_concern(reporter_name="Chan Thy", reporter_phone="097 111 2222")
    concern_merge(acting_user=officer, primary=primary, duplicates=[duplicate])
    duplicate.refresh_from_db()
    assert duplicate.merged_into == primary and duplicate.status == Status.CLOSED
    assert list(primary.merged.values_list("reporter_name", flat=True)) == ["Chan Thy"]
    assert tallies()["status:water:received"] == 1  # the duplicate no longer counts
    with pytest.raises(ValidationError):
        concern_merge(acting_user=officer, primary=primary, duplicates=[duplicate])


def test_citizen_rates_then_reopens_within_thirty_days(make_concern, users):
    officer = users[Role.PROVINCIAL_OFFICER]
    concern = make_concern()
    with pytest.raises(ValidationError):
        concern_rate(concern=concern, satisfied=True)
    concern_transition(acting_user=officer, concern=concern, status=Status.IN_PROGRESS, internal_note="visiting")
    concern_transition(acting_user=officer, concern=concern, status=Status.RESOLVED, public_note="Fixed.")
    with pytest.raises(ValidationError) as refused:
        concern_rate(concern=concern, satisfied=False)
    assert "reason" in refused.value.message_dict
    concern_rate(concern=concern, satisfied=False, reason="Still broken")
    assert tallies()["satisfied:0"] == 1
    concern_reopen(concern=concern, reason="The well broke again")
    concern.refresh_from_db()
    assert concern.status == Status.REOPENED and concern.satisfied is None
    assert "satisfied:0" not in tallies()
    Concern.objects.filter(pk=concern.pk).update(
        status=Status.RESOLVED, answered_at=timezone.now() - datetime.timedelta(days=31)
    )
    concern.refresh_from_db()
    with pytest.raises(ValidationError):
        concern_reopen(concern=concern, reason="late")


def test_rebuild_gives_the_kept_tallies(make_concern, users):
    officer = users[Role.PROVINCIAL_OFFICER]
    for _ in range(3):
        concern = make_concern()
    concern_transition(acting_user=officer, concern=concern, status=Status.ACKNOWLEDGED, public_note="seen")
    kept = {key: tallies(key) for key in ("11", "1101", "110101")}
    rebuild_tallies()
    assert {key: tallies(key) for key in ("11", "1101", "110101")} == kept


def test_khmer_search_finds_words_typed_without_spaces(make_concern):
    from frontline.core.search import fulltext_filter

    wanted = make_concern(description="ផ្លូវលំក្នុងភូមិខូចខាតពេលភ្លៀង")
    make_concern(description="សាលារៀនខ្វះគ្រូបង្រៀន")
    found = fulltext_filter(Concern.objects.all(), "ផ្លូវលំ", index="voice_concern_fts", vector_column="search_vector")
    assert list(found) == [wanted]
    assert (
        fulltext_filter(
            Concern.objects.all(), "កាមេរ៉ា", index="voice_concern_fts", vector_column="search_vector"
        ).count()
        == 0
    )


def test_forum_outside_the_officers_area_is_refused_and_not_written(users, ladder, areas):
    from frontline.voice.models import Forum, ForumLevel, VoiceTally
    from frontline.voice.services import forum_save

    with pytest.raises(ValidationError) as refused:
        forum_save(
            acting_user=users[Role.PROVINCIAL_OFFICER],
            level=ForumLevel.PROVINCE,
            area=areas["08"],
            held_on=datetime.date(2026, 3, 2),
            venue="Kandal hall",
            organiser=ladder["kandal"],
            attendance_female=5,
            attendance_male=5,
        )
    assert "area" in refused.value.message_dict
    assert not Forum.objects.exists() and not VoiceTally.objects.filter(dimension="forums").exists()
