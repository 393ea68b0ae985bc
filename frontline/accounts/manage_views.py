"""Pages for holders of accounts.manage: accounts within their scope, their roles, (de)activation."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from . import services
from .forms import AccountForm, AssignmentForm
from .granting import may_manage
from .roles import Perm
from .scoping import has_perm
from .selectors import SORTS, account_get, account_list, assignment_get, assignments_in_reach

# Service error keys that the forms name differently.
_FIELD_OF = {"area": "area_code"}


def _require_manager(request) -> None:
    if not has_perm(request.user, Perm.ACCOUNTS_MANAGE):
        raise Http404


def _attach(form, error: ValidationError) -> None:
    for field, problems in getattr(error, "message_dict", {"__all__": error.messages}).items():
        field = _FIELD_OF.get(field, field)
        form.add_error(field if field in form.fields else None, problems)


@login_required
def account_index(request):
    _require_manager(request)
    query = request.GET.get("q", "").strip()[:100]
    sort = request.GET.get("sort") if request.GET.get("sort") in SORTS else "username"
    page = Paginator(account_list(manager=request.user, query=query, sort=sort), 50).get_page(request.GET.get("page"))
    template = "accounts/manage/list.html#results" if request.htmx and request.htmx.target == "results" else None
    return render(request, template or "accounts/manage/list.html", {"page": page, "query": query, "sort": sort})


@login_required
def account_new(request):
    _require_manager(request)
    form = AccountForm(request.POST or None, manager=request.user)
    if request.method == "POST" and form.is_valid():
        names = {key: form.cleaned_data[key] for key in ("first_name", "last_name", "email")}
        try:
            account = services.user_create(
                acting_user=request.user,
                username=form.cleaned_data["username"],
                password=form.cleaned_data["password"],
                **form.assignment_data(),
                **names,
            )
        except ValidationError as error:
            _attach(form, error)
        else:
            messages.success(request, _("The account was created."))
            return redirect("accounts:manage_detail", pk=account.pk)
    return render(request, "form_page.html", {"form": form, "title": _("New account")})


@login_required
def account_detail(request, pk: int):
    _require_manager(request)
    account = account_get(manager=request.user, pk=pk)
    form = AssignmentForm(request.POST or None, manager=request.user)
    if request.method == "POST" and form.is_valid():
        try:
            services.role_assign(acting_user=request.user, user=account, **form.assignment_data())
        except ValidationError as error:
            _attach(form, error)
        else:
            messages.success(request, _("The role was assigned."))
            return redirect("accounts:manage_detail", pk=account.pk)
    assignments, others = assignments_in_reach(manager=request.user, account=account)
    context = {
        "account": account,
        "assignments": assignments,
        "others": others,
        "form": form,
        "may_manage": may_manage(request.user, account),
        "own_account": account.pk == request.user.pk,  # nobody changes their own roles
    }
    return render(request, "accounts/manage/detail.html", context, status=400 if form.errors else 200)


@login_required
@require_POST
def assignment_remove(request, pk: int, assignment_pk: int):
    _require_manager(request)
    account = account_get(manager=request.user, pk=pk)
    assignment = assignment_get(manager=request.user, account=account, pk=assignment_pk)
    services.role_remove(acting_user=request.user, assignment=assignment)
    messages.success(request, _("The role was removed."))
    return redirect("accounts:manage_detail", pk=account.pk)


def _set_active(request, pk: int, *, active: bool):
    _require_manager(request)
    account = account_get(manager=request.user, pk=pk)
    if not may_manage(request.user, account):
        raise Http404
    change = services.user_reactivate if active else services.user_deactivate
    change(acting_user=request.user, user=account)
    messages.success(request, _("The account was reactivated.") if active else _("The account was deactivated."))
    return redirect("accounts:manage_detail", pk=account.pk)


@login_required
@require_POST
def account_deactivate(request, pk: int):
    return _set_active(request, pk, active=False)


@login_required
@require_POST
def account_reactivate(request, pk: int):
    return _set_active(request, pk, active=True)
