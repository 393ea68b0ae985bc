from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _

from frontline.accounts.policies import can
from frontline.accounts.roles import Perm
from frontline.audit.selectors import history_context
from frontline.core.widgets import typed_query

from . import services
from .forms import OrganisationForm
from .models import Organisation, OrgKind
from .selectors import SORTS, organisation_choices, organisation_get, organisation_list


@login_required
def organisation_index(request):
    if not can(request.user, Perm.ORGANISATIONS_VIEW):
        raise Http404
    query = request.GET.get("q", "").strip()[:100]
    kind = request.GET.get("kind") if request.GET.get("kind") in OrgKind.values else None
    sort = request.GET.get("sort") if request.GET.get("sort") in SORTS else "tree"
    organisations = organisation_list(user=request.user, query=query, kind=kind, sort=sort)
    page = Paginator(organisations, 50).get_page(request.GET.get("page"))
    template = (
        "organisations/list.html#results"
        if request.htmx and request.htmx.target == "results"
        else "organisations/list.html"
    )
    context = {
        "page": page,
        "query": query,
        "kind": kind,
        "sort": sort,
        "kinds": OrgKind.choices,
        "can_change": can(request.user, Perm.ORGANISATIONS_CHANGE),
    }
    return render(request, template, context)


# What each organisation search field chooses for, and so the permission its choices need.
CHOICE_PURPOSES = {
    "officials": Perm.OFFICIALS_CHANGE,
    "parent": Perm.ORGANISATIONS_CHANGE,
    "accounts": Perm.ACCOUNTS_MANAGE,
}


@login_required
def organisation_choose(request):
    """The fragment of an organisation search field: a few matches within the user's scope."""
    perm = CHOICE_PURPOSES.get(request.GET.get("for", ""))
    if perm is None or not can(request.user, perm):
        raise Http404
    choices = organisation_choices(user=request.user, perm=perm, query=typed_query(request))
    return render(request, "organisations/choices.html", {"organisations": choices})


@login_required
def organisation_detail(request, pk: int):
    organisation = organisation_get(user=request.user, pk=pk)
    units = Organisation.objects.visible_to(request.user).filter(parent=organisation).order_by("path")
    context = {
        "organisation": organisation,
        "units": units,
        "history": None,
    }
    if can(request.user, Perm.AUDIT_VIEW, organisation) or can(request.user, Perm.ORGANISATIONS_CHANGE, organisation):
        context.update(history_context(request.user, organisation))
    return render(request, "organisations/detail.html", context)


def _save(request, form, save):
    if request.method == "POST" and form.is_valid():
        data = {name: value for name, value in form.cleaned_data.items() if name in form.fields}
        data["area"] = data.pop("area_code")
        try:
            organisation = save(data)
        except ValidationError as error:
            for field, problems in error.message_dict.items():
                field = "area_code" if field == "area" else field  # the form names the area by its code
                form.add_error(field if field in form.fields else None, problems)
        else:
            messages.success(request, _("The organisation was saved."))
            return redirect("organisations:detail", pk=organisation.pk)
    return None


@login_required
def organisation_new(request):
    if not can(request.user, Perm.ORGANISATIONS_CHANGE):
        raise Http404
    form = OrganisationForm(request.POST or None, user=request.user)

    def create(data):
        return services.organisation_create(acting_user=request.user, **data)

    done = _save(request, form, create)
    return done or render(request, "form_page.html", {"form": form, "title": _("New organisation")})


@login_required
def organisation_edit(request, pk: int):
    organisation = organisation_get(user=request.user, pk=pk, perm=Perm.ORGANISATIONS_CHANGE)
    form = OrganisationForm(request.POST or None, instance=organisation, user=request.user)

    def update(data):
        data.pop("code", None)
        return services.organisation_update(acting_user=request.user, organisation=organisation, **data)

    done = _save(request, form, update)
    title = _("Edit %(name)s") % {"name": organisation.name_en}
    return done or render(request, "form_page.html", {"form": form, "title": title})
