from auditlog.models import LogEntry
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import render

from frontline.accounts.roles import Perm
from frontline.accounts.scoping import has_perm

from .selectors import audit_log

AUDITED_MODELS = ("person", "post", "organisation", "user", "roleassignment")


@login_required
def log(request):
    if not has_perm(request.user, Perm.AUDIT_VIEW):
        raise Http404
    model = request.GET.get("model") if request.GET.get("model") in AUDITED_MODELS else None
    action = request.GET.get("action")
    action = int(action) if action in {str(value) for value, _label in LogEntry.Action.choices} else None
    actor = request.GET.get("actor", "").strip()[:150] or None
    entries = audit_log(user=request.user, model=model, actor=actor, action=action)
    page = Paginator(entries, 50).get_page(request.GET.get("page"))
    template = "audit/log.html#results" if request.htmx and request.htmx.target == "results" else "audit/log.html"
    context = {
        "page": page,
        "models": AUDITED_MODELS,
        "model": model,
        "actions": LogEntry.Action.choices,
        "action": action,
        "actor": actor or "",
    }
    return render(request, template, context)
