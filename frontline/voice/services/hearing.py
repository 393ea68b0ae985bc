"""Missions, public forums and household visits: created and changed by the units that hold
them (voice.record in their area or organisation)."""

from django.utils.translation import gettext as _

from frontline.accounts.roles import Perm
from frontline.audit.context import service
from frontline.core.records import refuse, save_clean
from frontline.geography.codes import LEVEL_LENGTHS, is_valid_code

from .. import rollups
from ..models import Forum, ForumLevel, HouseholdVisit, Mission


def _derive(record) -> None:
    record.area_code = record.area_id or ""
    record.province_code = record.area_code[:2]
    record.organiser_path = record.organiser.path if record.organiser_id else ""


def _keep_within_reach(acting_user, record) -> None:
    """Called after saving, inside the service's transaction: the record as saved must be one
    the user may record (the model's own scoping function says so); otherwise the refusal undoes
    the write."""
    model = type(record)
    if not model.objects.visible_to(acting_user, perm=Perm.VOICE_RECORD).filter(pk=record.pk).exists():
        raise refuse("area", _("This place is outside your area."), "outside_scope")


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
    save_clean(mission)
    _keep_within_reach(acting_user, mission)
    return mission


@service
def forum_save(*, acting_user, forum: Forum | None = None, **fields) -> Forum:
    forum = forum or Forum()
    before = Forum.objects.get(pk=forum.pk) if forum.pk else None
    for name, value in fields.items():
        setattr(forum, name, value)
    expected = LEVEL_LENGTHS.get(forum.level)
    if forum.area_id and expected and len(forum.area_id) != expected:
        raise refuse(
            "area", _("The place must be a %(level)s.") % {"level": ForumLevel(forum.level).label}, "forum_level"
        )
    if forum.attendance_youth > forum.attendance_total or forum.attendance_indigenous > forum.attendance_total:
        raise refuse("attendance_youth", _("Part of the attendance cannot exceed the whole."), "attendance_parts")
    if forum.attendance_disability > forum.attendance_total:
        raise refuse("attendance_disability", _("Part of the attendance cannot exceed the whole."), "attendance_parts")
    _derive(forum)
    save_clean(forum)
    _keep_within_reach(acting_user, forum)
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
    save_clean(visit)
    _keep_within_reach(acting_user, visit)
    return visit
