from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _

from frontline.accounts.policies import can
from frontline.accounts.roles import Perm
from frontline.audit.selectors import history_context
from frontline.core.formatting import format_number
from frontline.core.pagination import CountedPaginator
from frontline.geography.codes import is_valid_code
from frontline.geography.models import Area, Level

from . import importing, services
from .forms import ImportForm, OfficialForm, PersonForm, PostForm
from .models import PostLevel, Sex
from .selectors import SORTS, official_get, official_list, official_total


def _choice(value: str | None, allowed) -> str | None:
    return value if value in allowed else None


@login_required
def official_index(request):
    if not can(request.user, Perm.OFFICIALS_VIEW):
        raise Http404
    params = request.GET
    area = params.get("area") if is_valid_code(params.get("area", "")) else None
    organisation = params.get("organisation", "")
    narrowing = {
        "area": area,
        "organisation_id": int(organisation)
        if organisation.isascii() and organisation.isdigit() and len(organisation) < 18
        else None,
        "sex": _choice(params.get("sex"), Sex.values),
        "level": _choice(params.get("level"), PostLevel.values),
        "query": params.get("q", "").strip()[:100],
    }
    filters = {**narrowing, "sort": _choice(params.get("sort"), SORTS) or "name"}
    officials = official_list(user=request.user, **filters)
    total = official_total(officials, user=request.user, **narrowing)
    page = CountedPaginator(officials, 50, count=total).get_page(params.get("page"))
    context = {
        "page": page,
        "filters": filters,
        "provinces": Area.objects.visible_to(request.user).filter(level=Level.PROVINCE).order_by("code"),
        "sexes": Sex.choices,
        "levels": PostLevel.choices,
        "can_change": can(request.user, Perm.OFFICIALS_CHANGE),
        "can_import": can(request.user, Perm.OFFICIALS_IMPORT),
    }
    template = "people/list.html#results" if request.htmx and request.htmx.target == "results" else "people/list.html"
    return render(request, template, context)


@login_required
def official_detail(request, pk: int):
    person = official_get(user=request.user, pk=pk)
    posts = person.posts.all()
    context = {
        "person": person,
        "posts": posts,
        "can_change": can(request.user, Perm.OFFICIALS_CHANGE, person),
        # Who changed what, and from where, is for those who may audit this person.
        **history_context(request.user, person, related=posts),
    }
    return render(request, "people/detail.html", context)


@login_required
def official_new(request):
    if not can(request.user, Perm.OFFICIALS_CHANGE):
        raise Http404
    form = OfficialForm(request.POST or None, user=request.user)
    if request.method == "POST" and form.is_valid():
        data = dict(form.cleaned_data)
        try:
            person = services.official_create(acting_user=request.user, **data)
        except ValidationError as error:
            _attach_errors(form, error)
        else:
            messages.success(request, _("The official was registered."))
            return redirect("people:detail", pk=person.pk)
    return render(request, "form_page.html", {"form": form, "title": _("Register an official")})


@login_required
def person_edit(request, pk: int):
    person = official_get(user=request.user, pk=pk, perm=Perm.OFFICIALS_CHANGE)
    form = PersonForm(request.POST or None, instance=person)
    if request.method == "POST" and form.is_valid():
        try:
            services.person_update(
                acting_user=request.user,
                person=person,
                **{f: form.cleaned_data[f] for f in PersonForm.Meta.fields},
            )
        except ValidationError as error:
            _attach_errors(form, error)
        else:
            messages.success(request, _("The changes were saved."))
            return redirect("people:detail", pk=person.pk)
    return render(request, "form_page.html", {"form": form, "title": _("Edit %(name)s") % {"name": person.name_km}})


@login_required
def post_new(request, pk: int):
    person = official_get(user=request.user, pk=pk, perm=Perm.OFFICIALS_CHANGE)
    form = PostForm(request.POST or None, user=request.user)
    if request.method == "POST" and form.is_valid():
        try:
            services.post_start(acting_user=request.user, person=person, **form.cleaned_data)
        except ValidationError as error:
            _attach_errors(form, error)
        else:
            messages.success(request, _("The new post was recorded."))
            return redirect("people:detail", pk=person.pk)
    title = _("New post for %(name)s") % {"name": person.name_km}
    return render(request, "form_page.html", {"form": form, "title": title})


def _attach_errors(form, error: ValidationError) -> None:
    for field, messages_ in getattr(error, "message_dict", {"__all__": error.messages}).items():
        form.add_error(field if field in form.fields else None, messages_)


@login_required
def official_import(request):
    if not can(request.user, Perm.OFFICIALS_IMPORT):
        raise Http404
    form = ImportForm(request.POST or None, request.FILES or None)
    report = None
    if request.method == "POST" and form.is_valid():
        report = importing.officials_import(acting_user=request.user, upload=form.cleaned_data["file"])
        if report.ok:
            messages.success(
                request,
                _("Imported %(created)s new people and updated %(updated)s; %(unchanged)s were up to date.")
                % {
                    "created": format_number(report.created),
                    "updated": format_number(report.updated),
                    "unchanged": format_number(report.unchanged),
                },
            )
            return redirect("people:list")
    return render(
        request,
        "people/import.html",
        {"form": form, "report": report, "columns": importing.COLUMNS},
        status=400 if report and not report.ok else 200,
    )


@login_required
def import_template(request):
    if not can(request.user, Perm.OFFICIALS_IMPORT):
        raise Http404
    response = HttpResponse(importing.template_csv(), content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = 'attachment; filename="officials-template.csv"'
    return response
