"""Concerns for staff: the list, the concern page and its forms (transition, route, merge,
working group action), intake at a counter or on the hotline, attachments."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import FileResponse, Http404, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from frontline.accounts.policies import can
from frontline.accounts.roles import Perm
from frontline.audit.selectors import history_context
from frontline.core.search import search_filter
from frontline.geography.models import Area, Level

from .. import selectors
from ..forms import PURPOSES, ActForm, ConcernForm, MergeForm, RouteForm, TransitionForm, organisations_for
from ..models import Category, Channel, Concern, Status, shows_person
from ..presenting import concern_rows
from ..services import (
    allowed_transitions,
    concern_create,
    concern_merge,
    concern_route,
    concern_transition,
    working_group_act,
)
from ._common import attach_errors, fragment_or_page, int_param, require, run_service


@login_required
def concern_index(request):
    require(request.user, Perm.VOICE_VIEW)
    categories = list(Category.objects.all())
    filters = selectors.clean_filters(
        request.GET,
        statuses=Status.values,
        categories={category.code for category in categories},
        channels=Channel.values,
    )
    page = selectors.concern_page(user=request.user, filters=filters, number=int_param(request.GET.get("page"), 1))
    provinces = Area.objects.visible_to(request.user).filter(level=Level.PROVINCE).order_by("code")
    districts = (
        Area.objects.filter(parent_id=filters.province).order_by("code") if filters.province else Area.objects.none()
    )
    communes = (
        Area.objects.filter(parent_id=filters.district).order_by("code") if filters.district else Area.objects.none()
    )
    context = {
        "page": page,
        "rows": concern_rows(page),
        "filters": filters,
        "statuses": Status.choices,
        "categories": categories,
        "channels": Channel.choices,
        "provinces": provinces.only("code", "name_km", "name_en"),
        "districts": districts.only("code", "name_km", "name_en"),
        "communes": communes.only("code", "name_km", "name_en"),
        "can_record": can(request.user, Perm.VOICE_RECORD),
    }
    return fragment_or_page(request, "voice/concern_list.html", context)


# What the concern page lets its reader do, read with the concern (see annotate_can).
CONCERN_PAGE_PERMISSIONS = {
    "may_handle": Perm.VOICE_HANDLE,
    "may_act": Perm.VOICE_ACT,
    "may_audit": Perm.AUDIT_VIEW,
}


def _page_concern(request, pk: int) -> Concern:
    return selectors.concern_get(user=request.user, pk=pk, permissions=CONCERN_PAGE_PERMISSIONS)


def _concern_context(request, concern: Concern, **forms) -> dict:
    """The page's context; `concern` as _page_concern reads it."""
    user = request.user
    handle = concern.may_handle
    act = concern.may_act
    allowed = allowed_transitions(concern) if handle else []
    person_shown = shows_person(user, concern)
    duplicates = selectors.concern_duplicates(concern)
    context = {
        "concern": concern,
        "timeline": selectors.concern_timeline(concern, duplicates),
        "duplicates": duplicates,
        "escalations": list(concern.escalations.select_related("from_unit", "to_unit")),
        "actions": list(concern.actions.select_related("unit", "partner", "author")),
        "attachments": selectors.concern_attachments(concern, duplicates) if person_shown else [],
        "shows_person": person_shown,
        "can_handle": handle,
        "can_act": act,
        "allowed": [(status, Status(status).label) for status in allowed],
        "transition_form": forms.get("transition_form") or (TransitionForm(allowed=allowed) if allowed else None),
        "route_form": forms.get("route_form")
        or (
            RouteForm(user=user, initial={"authority": concern.authority_id})
            if handle and not concern.merged_into_id and concern.status != Status.CLOSED
            else None
        ),
        "merge_form": forms.get("merge_form") or (MergeForm() if handle and not concern.merged_into_id else None),
        "act_form": forms.get("act_form") or (ActForm(user=user) if act and not concern.merged_into_id else None),
        # The audit history carries the person's fields: they read "hidden: confidential" there
        # unless the reader handles the concern (frontline.audit.redaction).
        **history_context(
            user,
            concern,
            shows_who=concern.may_audit,
            known_hidden={Concern: set() if person_shown else {str(concern.pk)}},
        ),
    }
    return context


@login_required
def concern_detail(request, pk: int):
    concern = _page_concern(request, pk)
    return render(request, "voice/concern_detail.html", _concern_context(request, concern))


def _after_post(request, concern: Concern, form_name: str, form, success: str | None):
    """Done: back to the concern page (HTMX follows HX-Redirect). Refused: the page again with
    the form and its errors (the fragment of that form for an HTMX request)."""
    url = reverse("voice:concern", args=[concern.pk])
    if success is not None:
        messages.success(request, success)
        if request.htmx:
            response = HttpResponse(status=204)
            response["HX-Redirect"] = url
            return response
        return redirect(url)
    context = _concern_context(request, _page_concern(request, concern.pk), **{form_name: form})
    if request.htmx:
        return render(request, f"voice/concern_detail.html#{form_name}", context)
    return render(request, "voice/concern_detail.html", context, status=200)


def _concern_for(request, pk: int, perm: Perm) -> Concern:
    """The concern in view scope (404 outside it), and 403 without `perm` over it."""
    concern = selectors.concern_get(user=request.user, pk=pk)
    if not can(request.user, perm, concern):
        raise PermissionDenied
    return concern


def _run(form, write) -> bool:
    if not form.is_valid():
        return False
    try:
        write(form.cleaned_data)
    except ValidationError as error:
        attach_errors(form, error)
        return False
    return True


@login_required
@require_POST
def concern_transition_view(request, pk: int):
    concern = _concern_for(request, pk, Perm.VOICE_HANDLE)
    form = TransitionForm(request.POST, allowed=allowed_transitions(concern))

    def write(data):
        concern_transition(
            acting_user=request.user,
            concern=concern,
            status=data["status"],
            public_note=data["public_note"],
            internal_note=data["internal_note"],
        )

    done = _run(form, write)
    success = _("The concern is now “%(status)s”.") % {"status": concern.get_status_display()} if done else None
    return _after_post(request, concern, "transition_form", form, success)


@login_required
@require_POST
def concern_route_view(request, pk: int):
    concern = _concern_for(request, pk, Perm.VOICE_HANDLE)
    form = RouteForm(request.POST, user=request.user)

    def write(data):
        concern_route(
            acting_user=request.user, concern=concern, authority=data["authority"], internal_note=data["internal_note"]
        )

    done = _run(form, write)
    return _after_post(request, concern, "route_form", form, _("The competent authority was saved.") if done else None)


@login_required
@require_POST
def concern_merge_view(request, pk: int):
    concern = _concern_for(request, pk, Perm.VOICE_HANDLE)
    form = MergeForm(request.POST)

    def write(data):
        found = {
            duplicate.tracking_code: duplicate
            for duplicate in Concern.objects.visible_to(request.user, perm=Perm.VOICE_HANDLE).filter(
                tracking_code__in=data["codes"]
            )
        }
        missing = [code for code in data["codes"] if code not in found]
        if missing:
            raise ValidationError(
                {"codes": _("No concern you handle has the code %(codes)s.") % {"codes": ", ".join(missing)}}
            )
        concern_merge(
            acting_user=request.user,
            primary=concern,
            duplicates=list(found.values()),
            internal_note=data["internal_note"],
        )

    done = _run(form, write)
    return _after_post(request, concern, "merge_form", form, _("The duplicates were merged.") if done else None)


@login_required
@require_POST
def concern_act_view(request, pk: int):
    concern = _concern_for(request, pk, Perm.VOICE_ACT)
    form = ActForm(request.POST, user=request.user)

    def write(data):
        working_group_act(
            acting_user=request.user, concern=concern, kind=data["kind"], note=data["note"], partner=data["partner"]
        )

    done = _run(form, write)
    return _after_post(request, concern, "act_form", form, _("The action was recorded.") if done else None)


@login_required
def concern_new(request):
    require(request.user, Perm.VOICE_RECORD)
    initial = {}
    for source in ("forum", "visit"):
        if int_param(request.GET.get(source)):
            initial.update({source: int_param(request.GET.get(source)), "channel": source})
    form = ConcernForm(request.POST or None, request.FILES or None, user=request.user, initial=initial)

    def create(data):
        return concern_create(
            acting_user=request.user,
            channel=data["channel"],
            category=data["category"],
            area=data["area"],
            description=data["description"],
            reporter_name=data["reporter_name"],
            reporter_phone=data["reporter_phone"],
            reporter_email=data["reporter_email"],
            reporter_group=data["reporter_group"],
            anonymous=data["anonymous"],
            confidential=data["confidential"],
            address_detail=data["address_detail"],
            forum=data["forum"],
            visit=data["visit"],
            attachments=data["attachments"],
        )

    done = run_service(
        request,
        form,
        create,
        success=_("The concern was recorded."),
        then=lambda concern: ("voice:concern", concern.pk),
        # Staff record what they heard within their own scope.
        stays_within=lambda concern: can(request.user, Perm.VOICE_RECORD, concern),
    )
    if done is not None:
        return done
    return render(request, "voice/concern_form.html", {"form": form, "title": _("Record a concern")})


@login_required
def attachment_view(request, pk: int, attachment_id: int):
    """A photo or PDF of a concern, for those who may see the concern (and, when it is
    confidential, only for the handling unit): never a public media URL."""
    attachment = selectors.attachment_get(user=request.user, concern_pk=pk, pk=attachment_id)
    if not shows_person(request.user, attachment.concern):
        raise Http404
    response = FileResponse(attachment.file.open("rb"), content_type=attachment.content_type)
    response["Content-Disposition"] = f'inline; filename="attachment-{attachment.pk}"'
    response["X-Content-Type-Options"] = "nosniff"
    response["Cache-Control"] = "private, no-store"
    return response


@login_required
def organisation_choose(request):
    """The organisation search box's matches for the voice forms, scoped by their purpose."""
    purpose = request.GET.get("for", "")
    if purpose not in PURPOSES or not can(request.user, PURPOSES[purpose][0]):
        raise Http404
    name = request.GET.get("name", "")
    query = request.GET.get(f"{name}_search", "") if name.isidentifier() else ""
    found = search_filter(organisations_for(request.user, purpose), query.strip()[:100]).order_by("path")
    choices = list(found.only("id", "code", "name_km", "name_en", "abbreviation")[:20])
    return render(request, "organisations/choices.html", {"organisations": choices})
