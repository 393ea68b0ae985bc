"""Training events: list, page, plan, status, quotas, costs, trainers, participants, tests."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import Http404, HttpResponse
from django.middleware.csrf import get_token
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from frontline.accounts.policies import can
from frontline.accounts.roles import Perm
from frontline.audit.selectors import history_context
from frontline.core.formatting import format_number, localized
from frontline.core.search import search_filter
from frontline.geography.codes import is_valid_code
from frontline.geography.models import Area, Level
from frontline.people.forms import ImportForm
from frontline.people.models import Person

from .. import importing, selectors
from ..forms import BudgetLineForm, EnrolForm, EventForm, QuotaForm, StatusForm, TestForm, TrainerAssignForm
from ..models import Enrolment, EnrolmentStatus, EventStatus, Programme, SessionPart
from ..presenting import ParticipantRows
from ..services import assessment, completion, enrolment, events
from ._common import fragment_or_page, require, run_service


def _choice(value, allowed):
    return value if value in allowed else None


def _int_param(value: str | None) -> int | None:
    return int(value) if value and value.isascii() and value.isdigit() and len(value) < 18 else None


@login_required
def event_index(request):
    require(request.user, Perm.LEARNING_VIEW, Perm.LEARNING_TRAIN)
    params = request.GET
    year = _int_param(params.get("year"))
    filters = {
        "area": params.get("area") if is_valid_code(params.get("area", "")) else None,
        "status": _choice(params.get("status"), EventStatus.values),
        "programme_id": _int_param(params.get("programme")),
        "year": year if year and 1990 <= year <= 2100 else None,
        "query": params.get("q", "").strip()[:100],
        "sort": _choice(params.get("sort"), selectors.EVENT_SORTS) or "-start",
    }
    page = Paginator(selectors.event_list(user=request.user, **filters), 30).get_page(params.get("page"))
    context = {
        "page": page,
        "filters": filters,
        "statuses": EventStatus.choices,
        "provinces": Area.objects.visible_to(request.user).filter(level=Level.PROVINCE).order_by("code"),
        "programmes": Programme.objects.visible_to(request.user).only("id", "title_km", "title_en"),
        "can_manage": can(request.user, Perm.LEARNING_MANAGE),
    }
    return fragment_or_page(request, "learning/event_list.html", context)


# What the event page lets its reader do, read with the event (see annotate_can).
EVENT_PAGE_PERMISSIONS = {
    "may_manage": Perm.LEARNING_MANAGE,
    "may_train": Perm.LEARNING_TRAIN,
    "may_nominate": Perm.LEARNING_NOMINATE,
    "may_audit": Perm.AUDIT_VIEW,
}


def _event_permissions(event) -> dict:
    return {
        "can_manage": event.may_manage,
        "can_mark": event.may_manage or event.may_train,
        "can_nominate": event.may_nominate and event.status in events.ENROLLING,
    }


@login_required
def event_detail(request, pk: int):
    event = selectors.event_get(user=request.user, pk=pk, permissions=EVENT_PAGE_PERMISSIONS)
    permissions = _event_permissions(event)
    participants = selectors.event_participants(user=request.user, event=event)
    rows = ParticipantRows(
        event=event,
        can_manage=permissions["can_manage"],
        can_nominate=permissions["can_nominate"],
        csrf_token=get_token(request),
    )
    context = {
        "event": event,
        "participant_rows": rows.html(participants),
        "sessions": selectors.event_sessions(event),
        "quotas": event.quotas.select_related("area", "organisation"),
        "trainers": selectors.event_trainers(event),
        "budget": selectors.event_budget(event),
        "tests": event.tests.all(),
        "results": selectors.event_results(event),
        "session_parts": SessionPart.choices,
        "target_groups": event.target_groups.all(),
        "certified": sum(1 for p in participants if p.certificate_number),
        "next_statuses": sorted(events.TRANSITIONS.get(event.status, ())),
        "status_labels": dict(EventStatus.choices),
        **(
            history_context(request.user, event, shows_who=event.may_audit)
            if permissions["can_manage"]
            else {"history": None}
        ),
        **permissions,
    }
    return render(request, "learning/event_detail.html", context)


@login_required
def event_new(request):
    require(request.user, Perm.LEARNING_MANAGE)
    form = EventForm(request.POST or None, user=request.user)

    def create(data):
        return events.event_create(acting_user=request.user, **data)

    done = run_service(
        request,
        form,
        create,
        success=_("The event was planned."),
        then=lambda e: ("learning:event", e.pk),
        stays_within=lambda e: can(request.user, Perm.LEARNING_MANAGE, e),
    )
    return done or render(request, "form_page.html", {"form": form, "title": _("Plan an event")})


@login_required
def event_edit(request, pk: int):
    event = selectors.event_get(user=request.user, pk=pk, perm=Perm.LEARNING_MANAGE)
    # The form gets its own copy: a ModelForm writes the posted values onto its instance, and
    # the service must see the event as it was.
    form = EventForm(request.POST or None, instance=selectors.event_get(user=request.user, pk=pk), user=request.user)

    def update(data):
        return events.event_update(acting_user=request.user, event=event, **data)

    done = run_service(
        request,
        form,
        update,
        success=_("The changes were saved."),
        then=("learning:event", event.pk),
        stays_within=lambda e: can(request.user, Perm.LEARNING_MANAGE, e),
    )
    title = _("Edit %(name)s") % {"name": localized(event, "title")}
    return done or render(request, "form_page.html", {"form": form, "title": title})


@login_required
@require_POST
def event_status(request, pk: int):
    event = selectors.event_get(user=request.user, pk=pk, perm=Perm.LEARNING_MANAGE)
    form = StatusForm(request.POST)
    if form.is_valid():
        try:
            events.event_transition(
                acting_user=request.user,
                event=event,
                status=form.cleaned_data["status"],
                reason=form.cleaned_data["reason"],
            )
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
        else:
            messages.success(request, _("The event is now %(status)s.") % {"status": event.get_status_display()})
    else:
        messages.error(request, " ".join(e for errors in form.errors.values() for e in errors))
    return redirect("learning:event", pk=event.pk)


@login_required
def event_quotas(request, pk: int):
    event = selectors.event_get(user=request.user, pk=pk, perm=Perm.LEARNING_MANAGE)
    form = QuotaForm(request.POST or None, user=request.user)

    def save(data):
        return events.quota_set(
            acting_user=request.user,
            event=event,
            area=data["area"],
            organisation=data["organisation"],
            places=data["places"],
        )

    done = run_service(request, form, save, success=_("The quota was saved."), then=("learning:event", event.pk))
    title = _("Quota for %(name)s") % {"name": localized(event, "title")}
    return done or render(request, "form_page.html", {"form": form, "title": title})


@login_required
def event_budget(request, pk: int):
    event = selectors.event_get(user=request.user, pk=pk, perm=Perm.LEARNING_MANAGE)
    form = BudgetLineForm(request.POST or None)

    def save(data):
        return events.budget_line_set(acting_user=request.user, event=event, **data)

    done = run_service(request, form, save, success=_("The cost was saved."), then=("learning:event", event.pk))
    title = _("Costs of %(name)s") % {"name": localized(event, "title")}
    return done or render(request, "form_page.html", {"form": form, "title": title})


@login_required
def event_trainer(request, pk: int):
    event = selectors.event_get(user=request.user, pk=pk, perm=Perm.LEARNING_MANAGE)
    form = TrainerAssignForm(request.POST or None, user=request.user)

    def save(data):
        return events.trainer_assign(acting_user=request.user, event=event, **data)

    done = run_service(request, form, save, success=_("The trainer was assigned."), then=("learning:event", event.pk))
    title = _("Assign a trainer to %(name)s") % {"name": localized(event, "title")}
    return done or render(request, "form_page.html", {"form": form, "title": title})


@login_required
def event_enrol(request, pk: int):
    """Search officials in scope and put them forward (HTMX: the results list is a fragment)."""
    event = selectors.event_get(user=request.user, pk=pk, perm=Perm.LEARNING_NOMINATE)
    if request.method == "POST":
        form = EnrolForm(request.POST, user=request.user)
        if form.is_valid():
            try:
                placed = enrolment.event_enrol(
                    acting_user=request.user, event=event, person=form.cleaned_data["person"]
                )
            except ValidationError as error:
                messages.error(request, " ".join(error.messages))
            else:
                text = (
                    _("%(name)s is enrolled.")
                    if placed.status == EnrolmentStatus.ENROLLED
                    else _("%(name)s is on the waiting list.")
                )
                messages.success(request, text % {"name": placed.person})
        else:
            messages.error(request, " ".join(e for errors in form.errors.values() for e in errors))
        return redirect(request.get_full_path())
    query = request.GET.get("q", "").strip()[:100]
    found = Person.objects.none()
    if query:
        enrolled = event.enrolments.exclude(status=EnrolmentStatus.WITHDRAWN).values("person_id")
        found = (
            search_filter(Person.objects.visible_to(request.user, perm=Perm.LEARNING_NOMINATE).officials(), query)
            .exclude(pk__in=enrolled)
            .select_related("organisation")
            .order_by("name_sort")[:20]
        )
    context = {"event": event, "query": query, "found": found}
    return fragment_or_page(request, "learning/event_enrol.html", context)


@login_required
@require_POST
def enrolment_withdraw(request, pk: int, enrolment_id: int):
    event = selectors.event_get(user=request.user, pk=pk, perm=Perm.LEARNING_NOMINATE)
    record = get_object_or_404(
        Enrolment.objects.visible_to(request.user, perm=Perm.LEARNING_NOMINATE), pk=enrolment_id, event=event
    )
    try:
        enrolment.enrolment_withdraw(acting_user=request.user, enrolment=record)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, _("%(name)s was withdrawn.") % {"name": record.person})
    return redirect("learning:event", pk=event.pk)


@login_required
def event_test_new(request, pk: int):
    event = selectors.event_get(user=request.user, pk=pk, perm=Perm.LEARNING_MANAGE)
    form = TestForm(request.POST or None)

    def save(data):
        return assessment.test_create(acting_user=request.user, event=event, **data)

    done = run_service(request, form, save, success=_("The test was set."), then=("learning:event", event.pk))
    title = _("Set a test for %(name)s") % {"name": localized(event, "title")}
    return done or render(request, "form_page.html", {"form": form, "title": title})


@login_required
@require_POST
def event_certify(request, pk: int):
    event = selectors.event_get(user=request.user, pk=pk, perm=Perm.LEARNING_MANAGE)
    try:
        issued = completion.certificates_issue_all(acting_user=request.user, event=event)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, _("%(n)s certificates were issued.") % {"n": format_number(len(issued))})
    return redirect("learning:event", pk=event.pk)


@login_required
def participants_import_view(request, pk: int):
    event = selectors.event_get(user=request.user, pk=pk, perm=Perm.LEARNING_MANAGE)
    form = ImportForm(request.POST or None, request.FILES or None)
    report = None
    if request.method == "POST" and form.is_valid():
        report = importing.participants_import(acting_user=request.user, event=event, upload=form.cleaned_data["file"])
        if report.ok:
            messages.success(
                request,
                _("%(matched)s officials matched and %(new)s registered: %(enrolled)s enrolled, %(waiting)s waiting.")
                % {
                    "matched": format_number(report.count(importing.Outcome.MATCHED)),
                    "new": format_number(report.count(importing.Outcome.NEW)),
                    "enrolled": format_number(report.enrolled),
                    "waiting": format_number(report.waitlisted),
                },
            )
            return redirect("learning:event", pk=event.pk)
    context = {"event": event, "form": form, "report": report, "columns": importing.COLUMNS}
    if report is not None:
        context.update(
            matched=report.count(importing.Outcome.MATCHED),
            new=report.count(importing.Outcome.NEW),
            rejected=report.count(importing.Outcome.REJECTED),
        )
    return render(request, "learning/participants_import.html", context, status=400 if report else 200)


@login_required
def participants_template(request, pk: int):
    selectors.event_get(user=request.user, pk=pk, perm=Perm.LEARNING_MANAGE)
    response = HttpResponse(importing.template_csv(), content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = 'attachment; filename="participants-template.csv"'
    return response


@login_required
def event_follow_ups(request, pk: int):
    """Ask completed participants' supervisors, 3 to 6 months on, what changed at work."""
    from ..forms import FollowUpRequestForm
    from ..models import FollowUp
    from ..services.assessment import follow_up_request

    event = selectors.event_get(user=request.user, pk=pk, perm=Perm.LEARNING_MANAGE)
    form = FollowUpRequestForm(request.POST or None, event=event)
    done = run_service(
        request,
        form,
        lambda data: follow_up_request(acting_user=request.user, **data),
        success=_("The follow-up was requested: give the supervisor its link."),
        then=("learning:event_follow_ups", event.pk),
    )
    follow_ups = FollowUp.objects.filter(enrolment__event=event).select_related("enrolment__person")
    context = {"event": event, "form": form, "follow_ups": follow_ups}
    return done or render(request, "learning/follow_ups.html", context)


@login_required
def participant_links(request, pk: int):
    """Printable slips: each participant's own link (tests, evaluation) as text and QR code."""
    import segno

    from ..certificates import public_url
    from .participant import participant_token

    event = selectors.event_get(user=request.user, pk=pk)
    if not (can(request.user, Perm.LEARNING_MANAGE, event) or can(request.user, Perm.LEARNING_TRAIN, event)):
        raise Http404
    slips = []
    for participant in event.enrolments.filter(status=EnrolmentStatus.ENROLLED).select_related("person"):
        url = public_url(reverse("learning:participant", args=[participant_token(participant)]))
        slips.append((participant, url, segno.make(url, error="l").svg_inline(scale=2, border=1)))
    return render(request, "learning/participant_links.html", {"event": event, "slips": slips})


@login_required
@require_POST
def session_new(request, pk: int):
    """Add a session (a half day, a topic) to the event."""
    from ..forms import SessionForm

    event = selectors.event_get(user=request.user, pk=pk, perm=Perm.LEARNING_MANAGE)
    form = SessionForm(request.POST)
    if form.is_valid():
        try:
            events.session_add(acting_user=request.user, event=event, **form.cleaned_data)
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
        else:
            messages.success(request, _("The session was added."))
    else:
        messages.error(request, " ".join(e for errors in form.errors.values() for e in errors))
    return redirect("learning:event", pk=event.pk)


def _on_assignment(request, pk: int, assignment_id: int, change, success: str | None = None):
    """A change to one trainer assignment of an event the user manages, then back to the event;
    a refusal is shown as a message."""
    event = selectors.event_get(user=request.user, pk=pk, perm=Perm.LEARNING_MANAGE)
    assignment = get_object_or_404(event.trainer_assignments, pk=assignment_id)
    try:
        change(assignment)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        if success:
            messages.success(request, success)
    return redirect("learning:event", pk=event.pk)


@login_required
@require_POST
def trainer_remove(request, pk: int, assignment_id: int):
    return _on_assignment(
        request, pk, assignment_id, lambda a: events.trainer_unassign(acting_user=request.user, assignment=a)
    )


@login_required
@require_POST
def trainer_exception(request, pk: int, assignment_id: int):
    reason = request.POST.get("reason", "")
    return _on_assignment(
        request,
        pk,
        assignment_id,
        lambda a: events.trainer_exception_record(acting_user=request.user, assignment=a, reason=reason),
        success=_("The exception was recorded."),
    )
