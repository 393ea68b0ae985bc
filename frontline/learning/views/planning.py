"""Needs, annual plans, strategic plans and impact."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.db.models import Count
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from frontline.accounts.policies import can
from frontline.accounts.roles import Perm
from frontline.audit.selectors import history_context
from frontline.geography.codes import is_valid_code
from frontline.geography.models import Area, Level

from .. import planning
from ..forms import (
    IndicatorValueForm,
    NeedForm,
    NeedsStartForm,
    PlanForm,
    PlanItemForm,
    StrategicPlanForm,
    TargetForm,
)
from ..models import (
    Dimension,
    NeedItem,
    NeedsAssessment,
    NeedsStatus,
    PerformanceIndicator,
    PlanItem,
    PlanStatus,
    StrategicPlan,
    TrainingPlan,
)
from ..services import planning as services
from ._common import attach_errors, require, run_service


def _year(request, default=None) -> int:
    text = request.GET.get("year", "")
    if text.isascii() and text.isdigit() and 2000 <= int(text) <= 2100:
        return int(text)
    return default or timezone.localdate().year


def _report(request, error: ValidationError) -> None:
    messages.error(request, " ".join(error.messages))


# Needs ------------------------------------------------------------------------------------


@login_required
def needs_index(request):
    require(request.user, Perm.LEARNING_VIEW, Perm.NEEDS_FILE)
    assessments = (
        NeedsAssessment.objects.visible_to(request.user).select_related("unit").order_by("-year", "unit__path")
    )
    page = Paginator(assessments, 50).get_page(request.GET.get("page"))
    context = {
        "page": page,
        "can_file": can(request.user, Perm.NEEDS_FILE),
        "can_plan": can(request.user, Perm.NEEDS_PLAN),
    }
    return render(request, "learning/needs_list.html", context)


@login_required
def needs_new(request):
    require(request.user, Perm.NEEDS_FILE)
    form = NeedsStartForm(request.POST or None, user=request.user, initial={"year": timezone.localdate().year + 1})
    done = run_service(
        request,
        form,
        lambda data: services.needs_assessment_start(acting_user=request.user, **data),
        success=_("Now add the competencies the unit lacks."),
        then=lambda assessment: ("learning:needs", assessment.pk),
    )
    return done or render(request, "form_page.html", {"form": form, "title": _("File training needs")})


def _assessment(user, pk: int, perm=Perm.LEARNING_VIEW) -> NeedsAssessment:
    return get_object_or_404(NeedsAssessment.objects.visible_to(user, perm=perm).select_related("unit"), pk=pk)


@login_required
def needs_detail(request, pk: int):
    assessment = _assessment(request.user, pk)
    can_file = can(request.user, Perm.NEEDS_FILE, assessment) and assessment.status == NeedsStatus.DRAFT
    form = NeedForm(request.POST or None) if can_file else None
    if form is not None and request.method == "POST" and form.is_valid():
        try:
            services.need_set(acting_user=request.user, assessment=assessment, **form.cleaned_data)
        except ValidationError as error:
            attach_errors(form, error)
        else:
            messages.success(request, _("The need was recorded."))
            return redirect("learning:needs", pk=assessment.pk)
    context = {
        "assessment": assessment,
        "items": assessment.needs.select_related("competency"),
        "form": form,
        "can_file": can_file,
        **history_context(request.user, assessment),
    }
    return render(request, "learning/needs_detail.html", context)


@login_required
@require_POST
def needs_submit(request, pk: int):
    assessment = _assessment(request.user, pk, Perm.NEEDS_FILE)
    try:
        services.needs_submit(acting_user=request.user, assessment=assessment)
    except ValidationError as error:
        _report(request, error)
    else:
        messages.success(request, _("The needs were submitted to the planners."))
    return redirect("learning:needs", pk=assessment.pk)


@login_required
@require_POST
def need_remove(request, pk: int, item_id: int):
    assessment = _assessment(request.user, pk, Perm.NEEDS_FILE)
    item = get_object_or_404(NeedItem, pk=item_id, assessment=assessment)
    try:
        services.need_remove(acting_user=request.user, item=item)
    except ValidationError as error:
        _report(request, error)
    return redirect("learning:needs", pk=assessment.pk)


@login_required
def needs_consolidated(request):
    require(request.user, Perm.NEEDS_PLAN)
    year = _year(request, timezone.localdate().year + 1)
    area = request.GET.get("area") if is_valid_code(request.GET.get("area", "")) else None
    if request.method == "POST":
        return _needs_to_plan(request, year)
    data = planning.needs_consolidated(user=request.user, year=year, area=area)
    provinces = {a.code: a for a in Area.objects.filter(level=Level.PROVINCE)}
    for row in data["by_province"]:
        row["area"] = provinces.get(row["assessment__province_code"])
    data["items"] = Paginator(data["items"], 100).get_page(request.GET.get("page"))
    context = {
        **data,
        "page": data["items"],
        "year": year,
        "area": area,
        "provinces": provinces.values(),
        "plans": TrainingPlan.objects.visible_to(request.user, perm=Perm.NEEDS_PLAN).filter(
            year=year, status=PlanStatus.DRAFT
        ),
    }
    return render(request, "learning/needs_consolidated.html", context)


def _needs_to_plan(request, year: int):
    plan = get_object_or_404(
        TrainingPlan.objects.visible_to(request.user, perm=Perm.NEEDS_PLAN), pk=_int(request.POST.get("plan"))
    )
    chosen = [_int(value) for value in request.POST.getlist("need")]
    needs = list(
        planning.submitted_needs(user=request.user, year=year)
        .filter(pk__in=chosen)
        .select_related("assessment", "competency")
    )
    if not needs:
        messages.error(request, _("Choose the needs to plan for."))
        return redirect(f"{request.path}?year={year}")
    try:
        services.plan_add_needs(acting_user=request.user, plan=plan, needs=needs)
    except ValidationError as error:
        _report(request, error)
        return redirect(f"{request.path}?year={year}")
    messages.success(request, _("The needs were added to the plan."))
    return redirect("learning:plan", pk=plan.pk)


def _int(value) -> int:
    return int(value) if value and str(value).isascii() and str(value).isdigit() and len(str(value)) < 18 else 0


# Annual plans -----------------------------------------------------------------------------


@login_required
def plan_index(request):
    require(request.user, Perm.LEARNING_VIEW)
    plans = TrainingPlan.objects.visible_to(request.user).select_related("area", "organisation")
    page = Paginator(plans, 50).get_page(request.GET.get("page"))
    context = {"plans": page, "page": page, "can_plan": can(request.user, Perm.NEEDS_PLAN)}
    return render(request, "learning/plan_list.html", context)


@login_required
def plan_new(request):
    require(request.user, Perm.NEEDS_PLAN)
    form = PlanForm(request.POST or None, user=request.user, initial={"year": timezone.localdate().year + 1})

    done = run_service(
        request,
        form,
        lambda data: services.plan_create(acting_user=request.user, **data),
        success=_("The plan was made."),
        then=lambda plan: ("learning:plan", plan.pk),
        stays_within=lambda plan: can(request.user, Perm.NEEDS_PLAN, plan),
    )
    return done or render(request, "form_page.html", {"form": form, "title": _("New training plan")})


@login_required
def plan_detail(request, pk: int):
    plan = get_object_or_404(
        TrainingPlan.objects.visible_to(request.user).select_related("area", "organisation"), pk=pk
    )
    items = list(plan.lines.select_related("competency", "programme").annotate(needs_count=Count("needs")))
    actuals = planning.plan_actuals(plan)
    for item in items:
        item.actual = actuals.get(item.pk, 0)
        item.progress = min(100, round(100 * item.actual / item.target)) if item.target else 0
    context = {
        "plan": plan,
        "items": items,
        "can_plan": can(request.user, Perm.NEEDS_PLAN, plan) and plan.status == PlanStatus.DRAFT,
        "total_target": sum(item.target for item in items),
        "total_budget": sum(item.budget for item in items),
        "total_actual": sum(item.actual for item in items),
    }
    return render(request, "learning/plan_detail.html", context)


@login_required
def plan_item_edit(request, pk: int, item_id: int):
    plan = get_object_or_404(TrainingPlan.objects.visible_to(request.user, perm=Perm.NEEDS_PLAN), pk=pk)
    item = get_object_or_404(PlanItem, pk=item_id, plan=plan)
    initial = {"target": item.target, "budget": item.budget, "programme": item.programme_id}
    form = PlanItemForm(request.POST or None, user=request.user, initial=initial)
    done = run_service(
        request,
        form,
        lambda data: services.plan_item_update(acting_user=request.user, item=item, **data),
        success=_("The changes were saved."),
        then=("learning:plan", plan.pk),
    )
    return done or render(request, "form_page.html", {"form": form, "title": str(item.competency)})


@login_required
@require_POST
def plan_approve(request, pk: int):
    plan = get_object_or_404(TrainingPlan.objects.visible_to(request.user, perm=Perm.NEEDS_PLAN), pk=pk)
    try:
        services.plan_approve(acting_user=request.user, plan=plan)
    except ValidationError as error:
        _report(request, error)
    else:
        messages.success(request, _("The plan was approved."))
    return redirect("learning:plan", pk=plan.pk)


# Strategic plans --------------------------------------------------------------------------


@login_required
def strategy_index(request):
    require(request.user, Perm.LEARNING_VIEW)
    context = {
        "plans": StrategicPlan.objects.visible_to(request.user).select_related("owner"),
        "can_plan": can(request.user, Perm.NEEDS_PLAN),
    }
    return render(request, "learning/strategy_list.html", context)


@login_required
def strategy_new(request):
    require(request.user, Perm.NEEDS_PLAN)
    form = StrategicPlanForm(request.POST or None, user=request.user)
    done = run_service(
        request,
        form,
        lambda data: services.strategic_plan_create(
            acting_user=request.user, **{**data, "national": data["national"] and _plans_nationally(request.user)}
        ),
        success=_("The strategic plan was made: now set its targets."),
        then=lambda plan: ("learning:strategy", plan.pk),
        stays_within=lambda plan: (
            StrategicPlan.objects.visible_to(request.user, perm=Perm.NEEDS_PLAN).filter(pk=plan.pk).exists()
        ),
    )
    return done or render(request, "form_page.html", {"form": form, "title": _("New strategic plan")})


@login_required
def strategy_detail(request, pk: int):
    # Out of scope answers as unknown does (404): see StrategicPlanQuerySet.visible_to.
    plan = get_object_or_404(StrategicPlan.objects.visible_to(request.user).select_related("owner"), pk=pk)
    can_plan = StrategicPlan.objects.visible_to(request.user, perm=Perm.NEEDS_PLAN).filter(pk=pk).exists()
    form = TargetForm(request.POST or None) if can_plan else None
    if form is not None and request.method == "POST" and form.is_valid():
        try:
            services.strategic_target_set(acting_user=request.user, plan=plan, **form.cleaned_data)
        except ValidationError as error:
            attach_errors(form, error)
        else:
            messages.success(request, _("The target was saved."))
            return redirect("learning:strategy", pk=plan.pk)
    actuals = planning.strategic_actuals(plan)
    rows = [
        {
            "target": target,
            "actual": actuals.get((target.year, target.level), 0),
            "progress": min(100, round(100 * actuals.get((target.year, target.level), 0) / target.officials))
            if target.officials
            else 0,
        }
        for target in plan.targets.all()
    ]
    context = {
        "plan": plan,
        "rows": rows,
        "form": form,
        "counts_country": planning.strategic_reach(plan) == (Dimension.AREA, ""),
    }
    return render(request, "learning/strategy_detail.html", context)


def _plans_nationally(user) -> bool:
    """Only a national planner's strategic plan counts the officials of the whole country."""
    from frontline.accounts.scoping import grants

    return any(grant.is_national for grant in grants(user, Perm.NEEDS_PLAN))


# Impact -----------------------------------------------------------------------------------


@login_required
def impact_view(request):
    require(request.user, Perm.LEARNING_VIEW)
    indicators = list(PerformanceIndicator.objects.all())
    chosen = _int(request.GET.get("indicator"))
    indicator = next((i for i in indicators if i.pk == chosen), indicators[0] if indicators else None)
    area = request.GET.get("area") if is_valid_code(request.GET.get("area", "")) else None
    result = planning.impact(user=request.user, indicator=indicator, area=area) if indicator else None
    context = {
        "indicators": indicators,
        "indicator": indicator,
        "result": result,
        "area": area,
        "provinces": Area.objects.filter(level=Level.PROVINCE).order_by("code"),
        "can_record": can(request.user, Perm.NEEDS_FILE),
        "groups": [(_("Trained units"), result.trained), (_("Units not trained yet"), result.untrained)]
        if result
        else [],
    }
    return render(request, "learning/impact.html", context)


@login_required
def indicator_record(request):
    require(request.user, Perm.NEEDS_FILE)
    form = IndicatorValueForm(request.POST or None, user=request.user)
    done = run_service(
        request,
        form,
        lambda data: services.indicator_record(acting_user=request.user, **data),
        success=_("The value was recorded."),
        then="learning:indicator_record",
    )
    return done or render(request, "form_page.html", {"form": form, "title": _("Record an indicator")})
