"""Kept counts of officials (see core.tallies): per area subtree and per organisation subtree,
all officials and the women among them.

The services adjust them in the transaction that changes a person's current post or sex;
`officials_recount` rebuilds them after bulk loads. Readers ask `officials_counted`, which
answers from one indexed lookup whenever the question is "how many officials inside one
subtree" - the home page and unfiltered list pages - and says None otherwise.
"""

from collections import Counter
from dataclasses import dataclass

from frontline.accounts.roles import Perm
from frontline.accounts.scoping import single_grant
from frontline.core.tallies import prefixes_of, tally_add, tally_adjust, tally_replace, tally_values
from frontline.organisations.models import PATH_SEGMENT

from .models import Person, Sex

ALL = "officials"
WOMEN = "officials_women"
AREA_KEY_LENGTHS = (0, 2, 4, 6, 8)


def metric(population: str, dimension: str) -> str:
    return f"{population}.{dimension}"


def tally_keys(area_code: str, org_path: str) -> tuple[list[str], list[str]]:
    """The area prefixes ('' for the nation) and organisation paths an official counts under."""
    area_keys = prefixes_of(area_code, AREA_KEY_LENGTHS)
    org_keys = [org_path[:n] for n in range(PATH_SEGMENT, len(org_path) + 1, PATH_SEGMENT)]
    return area_keys, org_keys


@dataclass(frozen=True)
class Counted:
    """What the official tallies depend on, for one person."""

    is_official: bool
    area_code: str
    org_path: str
    is_woman: bool

    @classmethod
    def of(cls, person: Person) -> "Counted":
        return cls(person.organisation_id is not None, person.area_code, person.org_path, person.sex == Sex.FEMALE)


def _adjust(counted: Counted, delta: int) -> None:
    if not counted.is_official:
        return
    area_keys, org_keys = tally_keys(counted.area_code, counted.org_path)
    populations = (ALL, WOMEN) if counted.is_woman else (ALL,)
    for population in populations:
        tally_adjust(metric(population, "area"), area_keys, delta)
        tally_adjust(metric(population, "org"), org_keys, delta)


def retally(before: Counted | None, after: Counted | None) -> None:
    """Move one person's contribution from what it was to what it is now."""
    if before == after:
        return
    if before:
        _adjust(before, -1)
    if after:
        _adjust(after, +1)


def count_in(people: list[Person]) -> None:
    """Add newly registered officials to the tallies in one pass (a bulk registration)."""
    deltas = {metric(p, d): Counter() for p in (ALL, WOMEN) for d in ("area", "org")}
    for person in people:
        counted = Counted.of(person)
        if not counted.is_official:
            continue
        area_keys, org_keys = tally_keys(counted.area_code, counted.org_path)
        for population in (ALL, WOMEN) if counted.is_woman else (ALL,):
            deltas[metric(population, "area")].update(area_keys)
            deltas[metric(population, "org")].update(org_keys)
    for name, counter in deltas.items():
        tally_add(name, counter)


def officials_recount() -> None:
    """Rebuild the official tallies from the people table (after bulk loads)."""
    counters = {metric(p, d): Counter() for p in (ALL, WOMEN) for d in ("area", "org")}
    rows = Person.objects.officials().values_list("area_code", "org_path", "sex").iterator(chunk_size=5000)
    for area_code, org_path, sex in rows:
        area_keys, org_keys = tally_keys(area_code, org_path)
        for population in (ALL, WOMEN) if sex == Sex.FEMALE else (ALL,):
            counters[metric(population, "area")].update(area_keys)
            counters[metric(population, "org")].update(org_keys)
    for name, counter in counters.items():
        tally_replace(name, counter)


_NOTHING = ("", None)


def _subtree(user, perm: Perm, area: str | None) -> tuple[str, str | None] | None:
    """(dimension, key) of the one subtree the user reaches within `area`; _NOTHING when the
    two do not meet; None when the reach is not one subtree (several grants, area and org)."""
    grant = single_grant(user, perm)
    if grant is None:
        return None
    if grant.is_national:
        return ("area", area or "")
    if grant.area_prefix is not None and grant.org_path is not None:
        return None
    if grant.org_path is not None:
        return ("org", grant.org_path) if not area else None
    prefix = grant.area_prefix or ""
    if not area or area.startswith(prefix):
        return ("area", area or prefix)
    return ("area", prefix) if prefix.startswith(area) else _NOTHING


def officials_counted(user, perm: Perm = Perm.OFFICIALS_VIEW, *, area: str | None = None, sex: str | None = None):
    """How many officials the user sees inside `area` (and of `sex`), from the kept tallies;
    None when the question is not one the tallies answer."""
    subtree = _subtree(user, perm, area)
    if subtree is None:
        return None
    dimension, key = subtree
    if key is None:
        return 0
    if sex == Sex.FEMALE:
        return tally_values(metric(WOMEN, dimension), [key])[key]
    everyone = tally_values(metric(ALL, dimension), [key])[key]
    return everyone if sex is None else everyone - tally_values(metric(WOMEN, dimension), [key])[key]
