from auditlog.registry import auditlog
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import render

from frontline.accounts.roles import Perm
from frontline.accounts.scoping import has_perm

from .presenting import ACTIONS, action_choices, present, record_type
from .scopes import audits_nationally, registered_models
from .selectors import SORTS, audit_log


def _record_types(user) -> list[tuple[str, str]]:
    """The record types worth filtering on: those whose entries this reader may see."""
    models = auditlog.get_models() if audits_nationally(user) else registered_models()
    return sorted(((model._meta.model_name, record_type(model, "")) for model in models), key=lambda pair: pair[1])


@login_required
def log(request):
    if not has_perm(request.user, Perm.AUDIT_VIEW):
        raise Http404
    params = request.GET
    record_types = _record_types(request.user)
    model = params.get("model") if params.get("model") in dict(record_types) else None
    action = params.get("action")
    action = int(action) if action in {str(value) for value in ACTIONS} else None
    actor = params.get("actor", "").strip()[:150] or None
    sort = params.get("sort") if params.get("sort") in SORTS else "newest"
    entries = audit_log(user=request.user, model=model, actor=actor, action=action, sort=sort)
    page = Paginator(entries, 50).get_page(params.get("page"))
    template = "audit/log.html#results" if request.htmx and request.htmx.target == "results" else "audit/log.html"
    context = {
        "page": page,
        "entries": present(page.object_list, user=request.user),
        "record_types": record_types,
        "model": model,
        "actions": action_choices(),
        "action": action,
        "actor": actor or "",
        "sort": sort,
    }
    return render(request, template, context)
