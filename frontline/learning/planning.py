"""Reads of planning: consolidated needs, plan and strategic actuals, the impact comparison."""

import statistics
from collections import defaultdict
from dataclasses import dataclass, field

from django.db.models import Count, F, Min, Q, QuerySet, Sum
from django.db.models.functions import Least

from frontline.accounts.roles import Perm
from frontline.geography.codes import subtree_q
from frontline.organisations.models import Organisation

from .models import (
    Dimension,
    Enrolment,
    EventStatus,
    IndicatorValue,
    NeedItem,
    NeedsStatus,
    PerformanceIndicator,
    Rollup,
    StrategicPlan,
    TrainingEvent,
    TrainingPlan,
)


def submitted_needs(*, user, year: int, perm: Perm = Perm.NEEDS_PLAN) -> QuerySet[NeedItem]:
    return NeedItem.objects.visible_to(user, perm=perm).filter(
        assessment__year=year, assessment__status=NeedsStatus.SUBMITTED
    )


def needs_consolidated(*, user, year: int, area: str | None = None) -> dict:
    """Needs filed for `year` within the user's scope: by competency, by province, by unit."""
    needs = submitted_needs(user=user, year=year)
    if area:
        needs = needs.filter(subtree_q("assessment__area_code", area))
    met_capped = Sum(Least(F("met"), F("staff")))
    by_competency = (
        needs.values("competency_id", "competency__name_km", "competency__name_en", "competency__level")
        .annotate(
            needed=Sum("staff"),
            trained=met_capped,
            units=Count("assessment__unit", distinct=True),
            urgent=Count("id", filter=Q(priority="high")),
        )
        .order_by("-needed")
    )
    by_province = (
        needs.values("assessment__province_code")
        .annotate(needed=Sum("staff"), trained=met_capped, units=Count("assessment__unit", distinct=True))
        .order_by("assessment__province_code")
    )
    totals = needs.aggregate(needed=Sum("staff"), trained=met_capped, units=Count("assessment__unit", distinct=True))
    return {
        "by_competency": list(by_competency),
        "by_province": list(by_province),
        "totals": totals,
        "items": needs.select_related("assessment__unit", "competency")
        .annotate(in_plans=Count("plan_items"))
        .order_by("competency__code", "-staff", "assessment__unit__path"),
    }


def plan_actuals(plan: TrainingPlan) -> dict[int, int]:
    """Officials who completed, in the plan's year and place, events of each line's programme."""
    events = TrainingEvent.objects.filter(
        status__in=(EventStatus.COMPLETED, EventStatus.REPORTED),
        end_date__year=plan.year,
        programme_id__in=plan.lines.exclude(programme=None).values("programme_id"),
    )
    if plan.area_code:
        events = events.filter(subtree_q("area_code", plan.area_code))
    if plan.org_path:
        events = events.filter(subtree_q("organiser_path", plan.org_path))
    done = dict(events.values("programme_id").annotate(n=Sum("completed_count")).values_list("programme_id", "n"))
    return {item.pk: done.get(item.programme_id, 0) for item in plan.lines.all()}


def strategic_reach(plan: StrategicPlan) -> tuple[str, str] | None:
    """The subtree of the rollups a strategic plan's actuals are read from: never wider than
    what the plan's owner covers, whoever reads the plan.

    - A national plan of an organisation that serves no one area (a ministry, the RSA): the
      officials of the whole country.
    - Any other plan, a "national" one of an organisation bound to an area included (only a
      national planner's plan should be national, but a flag set by mistake must not open
      the country's figures to the owner's province): the owner and its units.
    - A plan without an owner path: nothing (None).
    """
    if not plan.owner_path:
        return None
    if plan.national and not plan.owner.area_code:
        return Dimension.AREA, ""
    return Dimension.ORG, plan.owner_path


def strategic_actuals(plan: StrategicPlan) -> dict[tuple[int, str], int]:
    """Officials trained (completed) per year and level ('' for both), from the rollups of
    the plan's reach (strategic_reach). Read only for a plan the user may see."""
    actuals: dict[tuple[int, str], int] = defaultdict(int)
    reach = strategic_reach(plan)
    if reach is None:
        return actuals
    dimension, key = reach
    rows = (
        Rollup.objects.filter(dimension=dimension, key=key, year__range=(plan.start_year, plan.end_year))
        .exclude(level="", sex="")
        .values("year", "level")
        .annotate(completed=Sum("completed"))
    )
    for row in rows:
        actuals[(row["year"], row["level"])] += row["completed"]
        actuals[(row["year"], "")] += row["completed"]
    return actuals


@dataclass
class UnitImpact:
    unit_id: int
    name: str
    trained_on: object | None
    before: float | None
    after: float | None

    @property
    def change(self) -> float | None:
        return None if self.before is None or self.after is None else self.after - self.before


@dataclass
class Impact:
    indicator: PerformanceIndicator
    trained: list[UnitImpact] = field(default_factory=list)
    untrained: list[UnitImpact] = field(default_factory=list)

    @staticmethod
    def _mean_change(units: list[UnitImpact]) -> float | None:
        changes = [unit.change for unit in units if unit.change is not None]
        return statistics.fmean(changes) if changes else None

    @property
    def trained_change(self) -> float | None:
        return self._mean_change(self.trained)

    @property
    def untrained_change(self) -> float | None:
        return self._mean_change(self.untrained)

    @property
    def difference(self) -> float | None:
        if self.trained_change is None or self.untrained_change is None:
            return None
        return self.trained_change - self.untrained_change


def _mean(values: list[float]) -> float | None:
    return statistics.fmean(values) if values else None


def impact(*, user, indicator: PerformanceIndicator, area: str | None = None) -> Impact:
    """Each unit's indicator before and after its staff were first trained, beside units not
    trained yet (split at the middle of the trained units' training dates).

    The difference between the two groups' average changes is what training appears to add,
    over what changed anyway (a difference in differences)."""
    from frontline.core.formatting import localized

    values = IndicatorValue.objects.visible_to(user).filter(indicator=indicator)
    if area:
        values = values.filter(subtree_q("area_code", area))
    series: dict[int, list] = defaultdict(list)
    # Plain tuples, not model objects: a national view reads every unit's months.
    for unit, period, value in values.order_by("unit_id", "period").values_list("unit_id", "period", "value"):
        series[unit].append((period, value))
    names = {unit.pk: localized(unit) for unit in Organisation.objects.filter(pk__in=list(series))}
    first_trained = dict(
        Enrolment.objects.filter(completed=True, organisation_id__in=list(series))
        .values("organisation_id")
        .annotate(first=Min("completed_on"))
        .values_list("organisation_id", "first")
    )
    dates = sorted(first_trained.values())
    split = dates[len(dates) // 2] if dates else None
    result = Impact(indicator)
    for unit, points in series.items():
        cut = first_trained.get(unit, split)
        before = _mean([v for day, v in points if cut is not None and day < cut])
        after = _mean([v for day, v in points if cut is not None and day >= cut])
        record = UnitImpact(unit, names[unit], first_trained.get(unit), before, after)
        (result.trained if unit in first_trained else result.untrained).append(record)
    return result
