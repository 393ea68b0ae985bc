"""Hearing: missions of the national working group, public forums and household visits.

Forums and visits are recorded by holders of voice.record within their scope. A mission is the
national working group's: creating or changing one takes voice.act (the working group) or
voice.manage (national administrators), and the service checks voice.record reach as well.
"""

from django.contrib.auth.decorators import login_required
from django.shortcuts import render
from django.utils.translation import gettext as _

from frontline.accounts.policies import can
from frontline.accounts.roles import Perm
from frontline.audit.selectors import history_context
from frontline.core.formatting import localized
from frontline.geography.models import Area, Level

from .. import selectors
from ..forms import ForumForm, MissionForm, VisitForm
from ..services import forum_save, mission_save, visit_save
from ._common import fragment_or_page, int_param, require, run_service

MISSION_PERMS = (Perm.VOICE_ACT, Perm.VOICE_MANAGE)
PAGE = 50


def _list_context(request, records) -> dict:
    province = request.GET.get("province", "")
    province = province if len(province) == 2 and province.isdigit() else ""
    number = int_param(request.GET.get("page"), 1)
    start = (number - 1) * PAGE
    rows = list(records[start : start + PAGE + 1])
    return {
        "rows": rows[:PAGE],
        "number": number,
        "has_next": len(rows) > PAGE,
        "province": province,
        "provinces": Area.objects.visible_to(request.user).filter(level=Level.PROVINCE).order_by("code"),
    }


def _province(request) -> str:
    province = request.GET.get("province", "")
    return province if len(province) == 2 and province.isdigit() else ""


@login_required
def forum_index(request):
    require(request.user, Perm.VOICE_VIEW)
    context = _list_context(request, selectors.forum_list(user=request.user, province=_province(request)))
    context["can_record"] = can(request.user, Perm.VOICE_RECORD)
    return fragment_or_page(request, "voice/forum_list.html", context)


@login_required
def visit_index(request):
    require(request.user, Perm.VOICE_VIEW)
    context = _list_context(request, selectors.visit_list(user=request.user, province=_province(request)))
    context["can_record"] = can(request.user, Perm.VOICE_RECORD)
    return fragment_or_page(request, "voice/visit_list.html", context)


@login_required
def mission_index(request):
    require(request.user, Perm.VOICE_VIEW)
    context = _list_context(request, selectors.mission_list(user=request.user, province=_province(request)))
    context["can_record"] = any(can(request.user, perm) for perm in MISSION_PERMS)
    return fragment_or_page(request, "voice/mission_list.html", context)


@login_required
def forum_detail(request, pk: int):
    forum = selectors.forum_get(user=request.user, pk=pk)
    context = {
        "forum": forum,
        "concerns": selectors.heard_concerns(user=request.user, forum=forum),
        "can_record": can(request.user, Perm.VOICE_RECORD, forum),
        **history_context(request.user, forum),
    }
    return render(request, "voice/forum_detail.html", context)


@login_required
def visit_detail(request, pk: int):
    visit = selectors.visit_get(user=request.user, pk=pk)
    context = {
        "visit": visit,
        "concerns": selectors.heard_concerns(user=request.user, visit=visit),
        "can_record": can(request.user, Perm.VOICE_RECORD, visit),
        **history_context(request.user, visit),
    }
    return render(request, "voice/visit_detail.html", context)


@login_required
def mission_detail(request, pk: int):
    mission = selectors.mission_get(user=request.user, pk=pk)
    context = {
        "mission": mission,
        "forums": list(selectors.forum_list(user=request.user).filter(mission=mission)),
        "visits": list(selectors.visit_list(user=request.user).filter(mission=mission)),
        "can_change": any(can(request.user, perm) for perm in MISSION_PERMS)
        and can(request.user, Perm.VOICE_RECORD, mission),
        "can_record": can(request.user, Perm.VOICE_RECORD),
        **history_context(request.user, mission),
    }
    return render(request, "voice/mission_detail.html", context)


def _save_page(request, *, form, save, title, success, then):
    done = run_service(request, form, lambda data: save(acting_user=request.user, **data), success=success, then=then)
    return done or render(request, "form_page.html", {"form": form, "title": title})


def _forum_write(record=None):
    def write(*, acting_user, record=record, **data):
        return forum_save(acting_user=acting_user, forum=record, **data)

    return write


def _visit_write(record=None):
    def write(*, acting_user, record=record, **data):
        return visit_save(acting_user=acting_user, visit=record, **data)

    return write


def _mission_write(record=None):
    def write(*, acting_user, record=record, **data):
        return mission_save(acting_user=acting_user, mission=record, **data)

    return write


@login_required
def forum_new(request):
    require(request.user, Perm.VOICE_RECORD)
    mission = int_param(request.GET.get("mission"))
    form = ForumForm(request.POST or None, user=request.user, initial={"mission": mission} if mission else None)
    return _save_page(
        request,
        form=form,
        save=_forum_write(),
        title=_("Record a public forum"),
        success=_("The forum was recorded."),
        then=lambda forum: ("voice:forum", forum.pk),
    )


@login_required
def forum_edit(request, pk: int):
    forum = selectors.forum_get(user=request.user, pk=pk, perm=Perm.VOICE_RECORD)
    form = ForumForm(request.POST or None, instance=forum, user=request.user)
    return _save_page(
        request,
        form=form,
        save=_forum_write(forum),
        title=_("Edit the forum"),
        success=_("The changes were saved."),
        then=("voice:forum", forum.pk),
    )


@login_required
def visit_new(request):
    require(request.user, Perm.VOICE_RECORD)
    mission = int_param(request.GET.get("mission"))
    form = VisitForm(request.POST or None, user=request.user, initial={"mission": mission} if mission else None)
    return _save_page(
        request,
        form=form,
        save=_visit_write(),
        title=_("Record a household visit"),
        success=_("The visit was recorded."),
        then=lambda visit: ("voice:visit", visit.pk),
    )


@login_required
def visit_edit(request, pk: int):
    visit = selectors.visit_get(user=request.user, pk=pk, perm=Perm.VOICE_RECORD)
    form = VisitForm(request.POST or None, instance=visit, user=request.user)
    return _save_page(
        request,
        form=form,
        save=_visit_write(visit),
        title=_("Edit the household visit"),
        success=_("The changes were saved."),
        then=("voice:visit", visit.pk),
    )


@login_required
def mission_new(request):
    require(request.user, *MISSION_PERMS)
    form = MissionForm(request.POST or None, user=request.user)
    return _save_page(
        request,
        form=form,
        save=_mission_write(),
        title=_("Plan a mission"),
        success=_("The mission was recorded."),
        then=lambda mission: ("voice:mission", mission.pk),
    )


@login_required
def mission_edit(request, pk: int):
    require(request.user, *MISSION_PERMS)
    mission = selectors.mission_get(user=request.user, pk=pk, perm=Perm.VOICE_RECORD)
    form = MissionForm(request.POST or None, instance=mission, user=request.user)
    return _save_page(
        request,
        form=form,
        save=_mission_write(mission),
        title=_("Edit %(name)s") % {"name": localized(mission, "title")},
        success=_("The changes were saved."),
        then=("voice:mission", mission.pk),
    )
