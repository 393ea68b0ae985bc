"""Needs, annual plans, strategic plans and unit indicators."""

import datetime
from collections import defaultdict

from django.db.models import Count
from django.utils import timezone
from django.utils.translation import gettext as _

from frontline.audit.context import service

from ..models import (
    Enrolment,
    IndicatorValue,
    NeedItem,
    NeedsAssessment,
    NeedsStatus,
    PlanItem,
    PlanStatus,
    StrategicPlan,
    StrategicTarget,
    TrainingPlan,
)
from ._common import refuse, save_clean


@service
def needs_assessment_start(*, acting_user, unit, year: int, notes: str = "") -> NeedsAssessment:
    if NeedsAssessment.objects.filter(unit=unit, year=year).exists():
        raise refuse("year", _("This unit has already filed its needs for that year."), "needs_exist")
    assessment = NeedsAssessment(unit=unit, year=year, notes=notes)
    assessment.place_from_unit()
    return save_clean(assessment)


def _editable(assessment: NeedsAssessment) -> None:
    if assessment.status == NeedsStatus.SUBMITTED:
        raise refuse(None, _("Submitted needs can no longer change."), "needs_submitted")


@service
def need_set(*, acting_user, assessment: NeedsAssessment, competency, staff: int, priority: str, evidence: str = ""):
    _editable(assessment)
    item = NeedItem.objects.filter(assessment=assessment, competency=competency).first() or NeedItem(
        assessment=assessment, competency=competency
    )
    return save_clean(item, staff=staff, priority=priority, evidence=evidence)


@service
def need_remove(*, acting_user, item: NeedItem) -> None:
    _editable(item.assessment)
    item.delete()


@service
def needs_submit(*, acting_user, assessment: NeedsAssessment) -> NeedsAssessment:
    _editable(assessment)
    if not assessment.needs.exists():
        raise refuse(None, _("Add at least one competency the unit lacks before submitting."), "needs_empty")
    save_clean(assessment, status=NeedsStatus.SUBMITTED, submitted_at=timezone.now())
    needs_met_refresh(unit_ids=[assessment.unit_id], year=assessment.year)
    return assessment


def needs_met_refresh(*, unit_ids=None, year: int | None = None) -> None:
    """Recount, for the units' needs of `year`, how many of each unit's officials completed
    training that builds the competency that year (all needs when both are None)."""
    items = NeedItem.objects.select_related("assessment")
    completions = Enrolment.objects.filter(completed=True)
    if unit_ids is not None:
        items = items.filter(assessment__unit_id__in=unit_ids)
        completions = completions.filter(organisation_id__in=unit_ids)
    if year is not None:
        items = items.filter(assessment__year=year)
        completions = completions.filter(completed_on__year=year)
    counts = defaultdict(int)
    # Competencies built by the curriculum version the event taught: frozen once taught, so a
    # later change to the programme does not rewrite what was met.
    competency = "event__curriculum__modules__competencies"
    rows = (
        completions.exclude(**{competency: None})
        .values("organisation_id", "completed_on__year", competency)
        .annotate(people=Count("person_id", distinct=True))
        .values_list("organisation_id", "completed_on__year", competency, "people")
    )
    for unit, completed_year, competency, people in rows:
        counts[(unit, completed_year, competency)] += people
    changed = []
    for item in items:
        met = counts.get((item.assessment.unit_id, item.assessment.year, item.competency_id), 0)
        if item.met != met:
            item.met = met
            changed.append(item)
    NeedItem.objects.bulk_update(changed, ["met"], batch_size=1000)


def _place_plan(plan: TrainingPlan) -> None:
    plan.area_code = plan.area_id or ""
    plan.org_path = plan.organisation.path if plan.organisation_id else ""


@service
def plan_create(*, acting_user, year: int, title_km: str, title_en: str, area=None, organisation=None):
    plan = TrainingPlan(year=year, title_km=title_km, title_en=title_en, area=area, organisation=organisation)
    _place_plan(plan)
    return save_clean(plan)


def _plan_open(plan: TrainingPlan) -> None:
    if plan.status == PlanStatus.APPROVED:
        raise refuse(None, _("An approved plan can no longer change."), "plan_approved")


@service
def plan_add_needs(*, acting_user, plan: TrainingPlan, needs: list[NeedItem], programme=None) -> list[PlanItem]:
    """Turn chosen needs into plan lines: one line per competency, its target the staff named."""
    _plan_open(plan)
    if any(need.assessment.year != plan.year for need in needs):
        raise refuse("needs", _("Choose needs filed for the plan's year."), "needs_other_year")
    by_competency = defaultdict(list)
    for need in needs:
        by_competency[need.competency].append(need)
    lines = []
    for competency, chosen in by_competency.items():
        line = PlanItem.objects.filter(plan=plan, competency=competency).first() or PlanItem(
            plan=plan, competency=competency, target=0
        )
        already = set(line.needs.values_list("pk", flat=True)) if line.pk else set()
        added = [need for need in chosen if need.pk not in already]
        line.target += sum(need.staff for need in added)
        line.programme = programme or line.programme
        save_clean(line)
        line.needs.add(*added)
        lines.append(line)
    return lines


@service
def plan_item_update(*, acting_user, item: PlanItem, target: int, budget: int, programme=None) -> PlanItem:
    _plan_open(item.plan)
    return save_clean(item, target=target, budget=budget, programme=programme)


@service
def plan_approve(*, acting_user, plan: TrainingPlan) -> TrainingPlan:
    _plan_open(plan)
    if not plan.lines.exists():
        raise refuse(None, _("A plan needs at least one line before it is approved."), "plan_empty")
    return save_clean(plan, status=PlanStatus.APPROVED)


@service
def strategic_plan_create(*, acting_user, owner, **fields) -> StrategicPlan:
    plan = StrategicPlan(owner=owner, owner_path=owner.path, **fields)
    return save_clean(plan)


@service
def strategic_target_set(*, acting_user, plan: StrategicPlan, year: int, level: str, officials: int):
    if not plan.start_year <= year <= plan.end_year:
        raise refuse("year", _("The year must fall within the plan's years."), "target_outside_plan")
    target = StrategicTarget.objects.filter(plan=plan, year=year, level=level).first() or StrategicTarget(
        plan=plan, year=year, level=level
    )
    return save_clean(target, officials=officials)


@service
def indicator_record(*, acting_user, unit, indicator, period: datetime.date, value: float) -> IndicatorValue:
    """One unit's value for one month (recording the month again replaces the value)."""
    month = period.replace(day=1)
    if month > timezone.localdate():
        raise refuse("period", _("Values are recorded for months that have begun."), "indicator_future")
    record = IndicatorValue.objects.filter(unit=unit, indicator=indicator, period=month).first() or IndicatorValue(
        unit=unit, indicator=indicator, period=month
    )
    record.place_from_unit()
    return save_clean(record, value=value)


def unit_moved(organisation) -> None:
    """A unit now serves another area: its needs, indicators, programmes and coverage follow,
    so that they are seen from the new area, not the old one."""
    from ..models import Programme, UnitCoverage
    from ..rollups import coverage_refresh

    area_code = organisation.area_code
    for model in (NeedsAssessment, IndicatorValue):
        model.objects.filter(unit=organisation).update(area_code=area_code, province_code=area_code[:2])
    Programme.objects.filter(institution=organisation).update(owner_area_code=area_code)
    if UnitCoverage.objects.filter(organisation=organisation).exists():
        coverage_refresh(organisation_ids=[organisation.pk])
