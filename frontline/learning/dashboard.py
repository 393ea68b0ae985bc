"""The training dashboard: everything read from the kept rollups (models.rollups), so that a
dashboard reads a few dozen rows whatever the number of events and enrolments.

A dashboard is for one subtree: the nation, a province, a district, a commune (area
dimension) or an organisation and its units (org dimension), always within the user's
grants (`dashboard_scopes`).
"""

from collections import defaultdict
from dataclasses import dataclass, field

from django.db.models import Sum
from django.utils import timezone
from django.utils.translation import gettext as _

from frontline.accounts.roles import Perm
from frontline.accounts.scoping import grants
from frontline.core.formatting import localized
from frontline.geography.codes import subtree_q
from frontline.geography.models import Area
from frontline.organisations.models import Organisation

from .models import Dimension, Rollup, UnitCoverage

# Where each province sits on the tile map (column, row): roughly its place on a map of Cambodia.
PROVINCE_TILES = {
    "01": (1, 0), "22": (2, 0), "13": (3, 0), "19": (4, 0), "16": (5, 0),
    "24": (0, 1), "02": (1, 1), "17": (2, 1), "06": (3, 1), "10": (4, 1), "11": (5, 1),
    "15": (1, 2), "04": (2, 2), "03": (3, 2), "25": (4, 2),
    "09": (0, 3), "05": (1, 3), "12": (2, 3), "08": (3, 3), "14": (4, 3), "20": (5, 3),
    "18": (0, 4), "07": (1, 4), "23": (2, 4), "21": (3, 4),
}  # fmt: skip


@dataclass(frozen=True)
class Scope:
    dimension: str
    key: str
    label: str

    @property
    def token(self) -> str:
        return f"{self.dimension}:{self.key}"


def dashboard_scopes(user) -> list[Scope]:
    """The subtrees the user may look at: one per grant of learning.view (national first)."""
    scopes: list[Scope] = []
    for grant in grants(user, Perm.LEARNING_VIEW):
        if grant.is_national:
            scope = Scope(Dimension.AREA, "", _("Cambodia"))
        elif grant.area_prefix is not None and grant.org_path is not None:
            scope = _organisation_within_area(grant)
            if scope is None:
                continue  # the rollups cannot tell this grant's reach apart: no dashboard for it
        elif grant.area_prefix is not None:
            area = Area.objects.filter(code=grant.area_prefix).first()
            scope = Scope(Dimension.AREA, grant.area_prefix, localized(area) if area else grant.area_prefix)
        else:
            organisation = Organisation.objects.filter(path=grant.org_path).first()
            scope = Scope(Dimension.ORG, grant.org_path, localized(organisation) if organisation else "")
        if scope not in scopes:
            scopes.append(scope)
    return sorted(scopes, key=lambda s: (s.dimension != Dimension.AREA, len(s.key)))


def _organisation_within_area(grant) -> Scope | None:
    """A grant limited to an organisation within an area: its dashboard is the organisation's,
    when the organisation itself lies in that area (its units then do too); otherwise the
    kept sums would mix in what the grant does not reach, so there is none."""
    organisation = Organisation.objects.filter(path=grant.org_path).first()
    if organisation is None or not organisation.area_code.startswith(grant.area_prefix):
        return None
    return Scope(Dimension.ORG, grant.org_path, localized(organisation))


def resolve_scope(scopes: list[Scope], token: str) -> Scope:
    """The scope a request names: one of the user's own, or an area inside one of them (a
    tile of the map, a district of the province); the user's first scope otherwise."""
    for scope in scopes:
        if scope.token == token:
            return scope
    dimension, _sep, code = token.partition(":")
    inside = dimension == Dimension.AREA and code.isascii() and code.isdigit()
    if inside and any(s.dimension == Dimension.AREA and code.startswith(s.key) for s in scopes):
        area = Area.objects.filter(code=code).exclude(level="village").first()
        if area is not None:
            return Scope(Dimension.AREA, area.code, localized(area))
    return scopes[0]


@dataclass
class Totals:
    participants: int = 0
    completed: int = 0
    women: int = 0
    women_completed: int = 0
    gain_sum: float = 0.0
    gain_count: int = 0
    events: int = 0
    event_participants: int = 0
    event_completed: int = 0
    cost_actual: int = 0
    rating_sum: int = 0
    rating_count: int = 0
    by_level_sex: dict = field(default_factory=dict)

    def add(self, row: Rollup) -> None:
        if row.level or row.sex:
            self.participants += row.participants
            self.completed += row.completed
            self.gain_sum += row.gain_sum
            self.gain_count += row.gain_count
            if row.sex == "F":
                self.women += row.participants
                self.women_completed += row.completed
            cell = self.by_level_sex.setdefault((row.level, row.sex), [0, 0])
            cell[0] += row.participants
            cell[1] += row.completed
        else:
            self.events += row.events
            self.event_participants += row.event_participants
            self.event_completed += row.event_completed
            self.cost_actual += row.cost_actual
            self.rating_sum += row.rating_sum
            self.rating_count += row.rating_count

    @property
    def women_share(self) -> float | None:
        return self.women_completed / self.completed if self.completed else None

    @property
    def learning_gain(self) -> float | None:
        return self.gain_sum / self.gain_count if self.gain_count else None

    @property
    def cost_per_participant(self) -> float | None:
        return self.cost_actual / self.event_participants if self.event_participants else None

    @property
    def cost_per_certified(self) -> float | None:
        return self.cost_actual / self.event_completed if self.event_completed else None

    @property
    def rating(self) -> float | None:
        return self.rating_sum / self.rating_count if self.rating_count else None


def _child_keys(scope: Scope) -> dict[str, str]:
    """The subtrees one level below the scope, with their names (provinces of the nation...)."""
    if scope.dimension == Dimension.AREA:
        children = Area.objects.filter(parent_id=scope.key or None).exclude(level="village").order_by("code")
        return {area.code: localized(area) for area in children.only("code", "name_km", "name_en")}
    units = Organisation.objects.filter(parent__path=scope.key)
    return {unit.path: localized(unit) for unit in units.only("path", "name_km", "name_en").order_by("path")}


def _coverage(scope: Scope) -> tuple[int, int, list[UnitCoverage]]:
    units = UnitCoverage.objects.select_related("organisation")
    if scope.dimension == Dimension.AREA:
        units = (
            units.filter(province_code=scope.key)
            if len(scope.key) == 2
            else units.filter(subtree_q("area_code", scope.key))
        )
    else:
        units = units.filter(subtree_q("org_path", scope.key))
    totals = units.aggregate(officials=Sum("officials"), trained=Sum("trained"))
    lowest = list(units.filter(officials__gt=0).order_by("trained", "-officials")[:8])
    return totals["officials"] or 0, totals["trained"] or 0, lowest


def dashboard(scope: Scope, *, year: int) -> dict:
    """Every number of the dashboard for one scope and year."""
    children = _child_keys(scope)
    rows = Rollup.objects.filter(dimension=scope.dimension, year=year, key__in=[scope.key, *children])
    totals = Totals()
    by_child: dict[str, Totals] = defaultdict(Totals)
    for row in rows:
        (totals if row.key == scope.key else by_child[row.key]).add(row)
    years = (
        Rollup.objects.filter(dimension=scope.dimension, key=scope.key)
        .exclude(level="", sex="")
        .values("year")
        .annotate(participants=Sum("participants"), completed=Sum("completed"))
        .order_by("year")
    )
    officials, trained, lowest = _coverage(scope)
    needs_filed, needs_met = _needs(scope, year)
    return {
        "scope": scope,
        "year": year,
        "totals": totals,
        "children": [(key, name, by_child.get(key, Totals())) for key, name in children.items()],
        "years": list(years),
        "coverage": trained / officials if officials else None,
        "officials": officials,
        "trained_12m": trained,
        "lowest_units": lowest,
        "needs_filed": needs_filed,
        "needs_met": needs_met,
        "tiles": _tiles(scope, children, by_child),
    }


def _needs(scope: Scope, year: int) -> tuple[int, int]:
    """Staff named in the needs units filed for the year, and how many of them were trained."""
    from django.db.models import F
    from django.db.models.functions import Least

    from .models import NeedItem, NeedsStatus

    needs = NeedItem.objects.filter(assessment__year=year, assessment__status=NeedsStatus.SUBMITTED)
    if scope.dimension == Dimension.AREA:
        if len(scope.key) == 2:
            needs = needs.filter(assessment__province_code=scope.key)
        elif scope.key:
            needs = needs.filter(subtree_q("assessment__area_code", scope.key))
    else:
        needs = needs.filter(subtree_q("assessment__unit_path", scope.key))
    totals = needs.aggregate(filed=Sum("staff"), met=Sum(Least(F("met"), F("staff"))))
    return totals["filed"] or 0, totals["met"] or 0


def _tiles(scope: Scope, children: dict[str, str], by_child: dict[str, "Totals"]) -> list[dict]:
    """The province tile map, coloured by officials trained (national area scope only)."""
    if scope.dimension != Dimension.AREA or scope.key:
        return []
    values = {code: by_child[code].completed if code in by_child else 0 for code in children}
    top = max(values.values(), default=0)
    return [
        {
            "code": code,
            "name": name,
            "value": values[code],
            "shade": 0 if not top or not values[code] else 1 + round(4 * values[code] / top),
            "column": PROVINCE_TILES.get(code, (0, 5))[0] + 1,
            "row": PROVINCE_TILES.get(code, (0, 5))[1] + 1,
        }
        for code, name in children.items()
    ]


def default_year() -> int:
    return timezone.localdate().year
