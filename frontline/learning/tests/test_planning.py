import datetime

import pytest
from django.core.exceptions import ValidationError

from frontline.accounts.roles import Role
from frontline.learning.models import EventStatus, NeedItem, PerformanceIndicator, PlanStatus
from frontline.learning.planning import impact, needs_consolidated, plan_actuals, strategic_actuals
from frontline.learning.services import enrolment, events, planning
from frontline.learning.services.attendance import attendance_mark

pytestmark = pytest.mark.django_db


def _complete(event, people):
    for person in people:
        enrolment.event_enrol(acting_user=None, event=event, person=person)
    events.event_transition(acting_user=None, event=event, status=EventStatus.OPEN)
    events.event_transition(acting_user=None, event=event, status=EventStatus.RUNNING)
    for session in event.sessions.all():
        for participant in event.enrolments.all():
            attendance_mark(
                acting_user=None,
                session=session,
                enrolment=participant,
                marked_at=datetime.datetime.combine(session.date, datetime.time(9), datetime.UTC),
            )
    event.programme.requires_post_test = False
    event.programme.save()
    events.event_transition(acting_user=None, event=event, status=EventStatus.COMPLETED)


def test_needs_are_filed_consolidated_planned_and_met(event, orgs, officials, competency, users, areas):
    filed = planning.needs_assessment_start(acting_user=None, unit=orgs["dosvy-11"], year=2026)
    planning.need_set(acting_user=None, assessment=filed, competency=competency, staff=3, priority="high")
    with pytest.raises(ValidationError):
        planning.needs_assessment_start(acting_user=None, unit=orgs["dosvy-11"], year=2026)
    planning.needs_submit(acting_user=None, assessment=filed)
    with pytest.raises(ValidationError):  # submitted needs are frozen
        planning.need_set(acting_user=None, assessment=filed, competency=competency, staff=9, priority="low")

    provincial = users[Role.PROVINCIAL_OFFICER]
    consolidated = needs_consolidated(user=provincial, year=2026)
    assert consolidated["totals"]["needed"] == 3 and consolidated["by_competency"][0]["urgent"] == 1
    assert needs_consolidated(user=users[Role.DISTRICT_OFFICER], year=2026)["totals"]["needed"] is None

    plan = planning.plan_create(acting_user=None, year=2026, title_km="ផែនការ", title_en="Plan", area=areas["11"])
    (line,) = planning.plan_add_needs(
        acting_user=None, plan=plan, needs=list(NeedItem.objects.all()), programme=event.programme
    )
    assert line.target == 3

    _complete(event, [officials["in_mondulkiri"]])  # a Mondulkiri social affairs official completes
    item = NeedItem.objects.get()
    assert item.met == 1  # the programme builds the competency the unit lacked
    assert plan_actuals(plan) == {line.pk: 1}
    from frontline.learning.dashboard import dashboard, dashboard_scopes

    board = dashboard(dashboard_scopes(provincial)[0], year=2026)
    assert (board["needs_filed"], board["needs_met"]) == (3, 1)
    planning.plan_approve(acting_user=None, plan=plan)
    plan.refresh_from_db()
    assert plan.status == PlanStatus.APPROVED


def test_strategic_targets_against_actuals(event, orgs, officials):
    plan = planning.strategic_plan_create(
        acting_user=None,
        owner=orgs["mosvy"],
        title_km="ផែនការ",
        title_en="Workforce plan",
        start_year=2026,
        end_year=2031,
    )
    planning.strategic_target_set(acting_user=None, plan=plan, year=2026, level="technical", officials=10)
    with pytest.raises(ValidationError):
        planning.strategic_target_set(acting_user=None, plan=plan, year=2040, level="", officials=10)
    _complete(event, [officials["in_mondulkiri"], officials["in_kandal"]])
    actuals = strategic_actuals(plan)
    assert actuals[(2026, "technical")] == 2 and actuals[(2026, "")] == 2


def test_strategic_actuals_never_reach_beyond_the_plan_owner(client, event, orgs, officials, users):
    def plan_of(owner, national):
        plan = planning.strategic_plan_create(
            acting_user=None,
            owner=orgs[owner],
            title_km="ផែនការ",
            title_en=f"Plan of {owner}",
            start_year=2026,
            end_year=2027,
            national=national,
        )
        planning.strategic_target_set(acting_user=None, plan=plan, year=2026, level="", officials=4)
        return plan

    country = plan_of("mosvy", True)  # a ministry serves no one area: the whole country
    mondulkiri = plan_of("dosvy-11", True)  # "national" by mistake: still only its own officials
    kandal = plan_of("dosvy-08", False)
    _complete(event, [officials["in_mondulkiri"], officials["in_kandal"]])
    assert strategic_actuals(country)[(2026, "")] == 2
    assert strategic_actuals(mondulkiri)[(2026, "")] == 1
    assert strategic_actuals(kandal)[(2026, "")] == 1
    kandal.owner_path = ""  # no owner to count under: nothing, not everything
    assert strategic_actuals(kandal) == {}

    client.force_login(users[Role.PROVINCIAL_OFFICER])
    page = client.get(f"/en/learning/strategy/{mondulkiri.pk}/").text
    assert 'data-testid="strategy-actual">1<' in page and "Counts the owner's officials" in page
    assert client.get(f"/en/learning/strategy/{country.pk}/").status_code == 404
    assert client.get(f"/en/learning/strategy/{kandal.pk}/").status_code == 404
    client.force_login(users[Role.NATIONAL_ADMIN])
    page = client.get(f"/en/learning/strategy/{country.pk}/").text
    assert 'data-testid="strategy-actual">2<' in page and "Counts officials of the whole country" in page


def test_impact_compares_units_before_and_after_training(event, orgs, officials, users):
    indicator = PerformanceIndicator.objects.create(code="on-time", name_km="ទាន់ពេល", name_en="Answered on time")
    for month, trained_unit, other_unit in [(1, 50, 50), (2, 52, 51), (6, 80, 55), (7, 82, 56)]:
        day = datetime.date(2026, month, 1)
        planning.indicator_record(
            acting_user=None, unit=orgs["dosvy-11"], indicator=indicator, period=day, value=trained_unit
        )
        planning.indicator_record(
            acting_user=None, unit=orgs["dosvy-08"], indicator=indicator, period=day, value=other_unit
        )
    _complete(event, [officials["in_mondulkiri"]])  # Mondulkiri's unit trained in April 2026
    result = impact(user=users[Role.NATIONAL_ADMIN], indicator=indicator)
    assert [u.unit_id for u in result.trained] == [orgs["dosvy-11"].pk]
    assert result.trained_change == pytest.approx(30.0)  # 51 before, 81 after
    assert result.untrained_change == pytest.approx(5.0)  # split at the same date
    assert result.difference == pytest.approx(25.0)
    with pytest.raises(ValidationError):
        planning.indicator_record(
            acting_user=None, unit=orgs["dosvy-11"], indicator=indicator, period=datetime.date(2099, 1, 1), value=1
        )


def test_planning_pages_render(client, users, event, orgs, competency):
    indicator = PerformanceIndicator.objects.create(code="on-time", name_km="ទាន់ពេល", name_en="On time")
    filed = planning.needs_assessment_start(acting_user=None, unit=orgs["dosvy-11"], year=2026)
    plan = planning.plan_create(acting_user=None, year=2026, title_km="ផែនការ", title_en="Plan")
    strategy = planning.strategic_plan_create(
        acting_user=None, owner=orgs["mosvy"], title_km="ក", title_en="S", start_year=2026, end_year=2027
    )
    client.force_login(users[Role.NATIONAL_ADMIN])
    for url in [
        "/km/learning/needs/",
        f"/km/learning/needs/{filed.pk}/",
        "/km/learning/needs/consolidated/?year=2026",
        "/km/learning/plans/",
        f"/km/learning/plans/{plan.pk}/",
        "/km/learning/strategy/",
        f"/km/learning/strategy/{strategy.pk}/",
        f"/km/learning/impact/?indicator={indicator.pk}",
        "/km/learning/impact/record/",
        "/km/learning/needs/new/",
        "/km/learning/plans/new/",
        "/km/learning/strategy/new/",
    ]:
        assert client.get(url).status_code == 200, url
    response = client.post(
        f"/en/learning/needs/{filed.pk}/", {"competency": competency.pk, "staff": 0, "priority": "high"}
    )
    assert response.status_code == 200 and "greater than or equal to 1" in response.content.decode()
    assert not NeedItem.objects.exists()


def test_a_unit_moving_area_takes_its_needs_with_it(orgs, areas, competency):
    from django.core.management import call_command

    from frontline.learning.models import NeedsAssessment
    from frontline.organisations.services import organisation_update

    planning.needs_assessment_start(acting_user=None, unit=orgs["admin-1101"], year=2027)
    organisation_update(acting_user=None, organisation=orgs["admin-1101"], area=areas["0801"])
    assessment = NeedsAssessment.objects.get()
    assert (assessment.area_code, assessment.province_code) == ("0801", "08")
    call_command("learning_refresh", verbosity=0)


def test_an_auditor_of_a_province_reads_the_history_of_its_strategic_plans_only(areas, orgs):
    from auditlog.models import LogEntry

    from conftest import user_with
    from frontline.audit.scopes import scope_entries

    def plan_of(owner):
        plan = planning.strategic_plan_create(
            acting_user=None, owner=owner, title_km="ផែនការ", title_en="Plan", start_year=2026, end_year=2030
        )
        return plan, planning.strategic_target_set(acting_user=None, plan=plan, year=2026, level="", officials=5)

    mondulkiri_plan, mondulkiri_target = plan_of(orgs["dosvy-11"])
    kandal_plan, kandal_target = plan_of(orgs["dosvy-08"])
    auditor = user_with("auditor-11", Role.AUDITOR, area=areas["11"])
    readable = {(entry.content_type.model, entry.object_pk) for entry in scope_entries(LogEntry.objects.all(), auditor)}
    assert ("strategicplan", str(mondulkiri_plan.pk)) in readable
    assert ("strategictarget", str(mondulkiri_target.pk)) in readable
    assert ("strategicplan", str(kandal_plan.pk)) not in readable
    assert ("strategictarget", str(kandal_target.pk)) not in readable
