"""Missions, public forums and household visits: created and changed by the units that hold
them (voice.record in their area or organisation)."""

from django.core.exceptions import PermissionDenied
from django.utils.translation import gettext as _

from frontline.accounts.roles import Perm
from frontline.accounts.scoping import scope_q
from frontline.audit.context import service
from frontline.core.records import refuse, save_clean
from frontline.geography.codes import is_valid_code

from .. import rollups
from ..models import Forum, ForumLevel, HouseholdVisit, Mission

FORUM_LEVEL_LENGTHS = {ForumLevel.COMMUNE: 6, ForumLevel.DISTRICT: 4, ForumLevel.PROVINCE: 2}


def _derive(record) -> None:
    record.area_code = record.area_id or ""
    record.province_code = record.area_code[:2]
    record.organiser_path = record.organiser.path if record.organiser_id else ""


def _check_reach(acting_user, record, perm: Perm) -> None:
    """The record, as it would be saved, lies in the user's scope for `perm`."""
    condition = scope_q(
        acting_user, perm, area_field="area_code", org_field="organiser_path", province_field="province_code"
    )
    if condition is None:
        raise PermissionDenied
    # The scope Q only compares the copied code and path columns: evaluate it on the unsaved
    # instance, so that the new values are checked before anything is written.
    if not _matches(condition, record):
        raise refuse("area", _("This place is outside your area."), "outside_scope")


def _matches(condition, record) -> bool:
    """Evaluate a scope Q (ANDs and ORs of gte/lt/exact on plain columns) on an instance."""
    if not condition.children:
        return True
    results = []
    for child in condition.children:
        if hasattr(child, "children"):
            results.append(_matches(child, record))
            continue
        lookup, value = child
        field, _sep, op = lookup.partition("__")
        actual = getattr(record, field)
        if op == "gte":
            results.append(actual >= value)
        elif op == "lt":
            results.append(actual < value)
        elif op == "in":
            results.append(actual in value)
        else:
            results.append(actual == value)
    outcome = any(results) if condition.connector == "OR" else all(results)
    return not outcome if condition.negated else outcome


@service
def mission_save(*, acting_user, mission: Mission | None = None, **fields) -> Mission:
    mission = mission or Mission()
    for name, value in fields.items():
        setattr(mission, name, value)
    if mission.area_id and len(mission.area_id) != 2:
        raise refuse("area", _("A mission goes to a province."), "mission_province")
    if mission.start_date and mission.end_date and mission.end_date < mission.start_date:
        raise refuse("end_date", _("The mission cannot end before it starts."), "mission_dates")
    _derive(mission)
    _check_reach(acting_user, mission, Perm.VOICE_RECORD)
    return save_clean(mission)


@service
def forum_save(*, acting_user, forum: Forum | None = None, **fields) -> Forum:
    forum = forum or Forum()
    before = Forum.objects.get(pk=forum.pk) if forum.pk else None
    for name, value in fields.items():
        setattr(forum, name, value)
    expected = FORUM_LEVEL_LENGTHS.get(forum.level)
    if forum.area_id and expected and len(forum.area_id) != expected:
        raise refuse(
            "area", _("The place must be a %(level)s.") % {"level": ForumLevel(forum.level).label}, "forum_level"
        )
    if forum.attendance_youth > forum.attendance_total or forum.attendance_indigenous > forum.attendance_total:
        raise refuse("attendance_youth", _("Part of the attendance cannot exceed the whole."), "attendance_parts")
    if forum.attendance_disability > forum.attendance_total:
        raise refuse("attendance_disability", _("Part of the attendance cannot exceed the whole."), "attendance_parts")
    _derive(forum)
    _check_reach(acting_user, forum, Perm.VOICE_RECORD)
    save_clean(forum)
    rollups.forum_changed(before, forum)
    return forum


@service
def visit_save(*, acting_user, visit: HouseholdVisit | None = None, **fields) -> HouseholdVisit:
    visit = visit or HouseholdVisit()
    for name, value in fields.items():
        setattr(visit, name, value)
    if visit.area_id and not (is_valid_code(visit.area_id) and len(visit.area_id) == 8):
        raise refuse("area", _("Choose the village."), "visit_village")
    _derive(visit)
    _check_reach(acting_user, visit, Perm.VOICE_RECORD)
    return save_clean(visit)
