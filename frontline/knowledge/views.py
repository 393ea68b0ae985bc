"""The knowledge library: search and filters, a practice's page, contributing, editing, publishing."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import FileResponse, Http404
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from frontline.accounts.policies import can
from frontline.accounts.roles import Perm
from frontline.audit.selectors import history_context
from frontline.core.uploads import describe_size
from frontline.learning.models import Programme
from frontline.learning.views._common import attach_errors, fragment_or_page, require

from . import selectors
from .forms import PracticeForm
from .models import PracticeKind
from .services import practice_create, practice_publish, practice_unpublish, practice_update


def _int_param(value: str | None) -> int | None:
    return int(value) if value and value.isascii() and value.isdigit() and len(value) < 18 else None


@login_required
def practice_index(request):
    require(request.user, Perm.LEARNING_VIEW)
    params = request.GET
    filters = {
        "query": params.get("q", "").strip()[:100],
        "kind": params.get("kind") if params.get("kind") in PracticeKind.values else None,
        "competency_id": _int_param(params.get("competency")),
        "programme_id": _int_param(params.get("programme")),
    }
    page = Paginator(selectors.practice_list(user=request.user, **filters), 20).get_page(params.get("page"))
    context = {
        "page": page,
        "filters": filters,
        "kinds": PracticeKind.choices,
        **selectors.filter_choices(request.user),
        "can_contribute": can(request.user, Perm.KNOWLEDGE_CONTRIBUTE) or can(request.user, Perm.LEARNING_MANAGE),
    }
    return fragment_or_page(request, "knowledge/practice_list.html", context)


@login_required
def practice_detail(request, pk: int):
    practice = selectors.practice_get(user=request.user, pk=pk)
    programmes = list(practice.programmes.all())
    linked = Programme.objects.visible_to(request.user).filter(pk__in=[p.pk for p in programmes])
    visible = set(linked.values_list("pk", flat=True))
    may_publish = can(request.user, Perm.LEARNING_MANAGE, practice)
    context = {
        "practice": practice,
        "programmes": [(programme, programme.pk in visible) for programme in programmes],
        "attachment_size": describe_size(practice.attachment_bytes),
        "can_edit": can(request.user, Perm.KNOWLEDGE_CONTRIBUTE, practice),
        "can_publish": may_publish,
        **(history_context(request.user, practice) if may_publish else {"history": None}),
    }
    return render(request, "knowledge/practice_detail.html", context)


def _save(request, form, write, success: str):
    if request.method != "POST" or not form.is_valid():
        return None
    try:
        practice = write(dict(form.cleaned_data))
    except ValidationError as error:
        attach_errors(form, error)
        return None
    messages.success(request, success)
    return redirect("knowledge:practice", pk=practice.pk)


@login_required
def practice_new(request):
    require(request.user, Perm.KNOWLEDGE_CONTRIBUTE, Perm.LEARNING_MANAGE)
    form = PracticeForm(request.POST or None, request.FILES or None, user=request.user)

    def create(data):
        return practice_create(acting_user=request.user, **data)

    done = _save(request, form, create, _("Thank you: the practice is saved as a draft for an organiser to publish."))
    return done or render(request, "knowledge/practice_form.html", {"form": form, "title": _("Share a practice")})


@login_required
def practice_edit(request, pk: int):
    practice = selectors.practice_get(user=request.user, pk=pk, perm=Perm.KNOWLEDGE_CONTRIBUTE)
    initial = {
        name: getattr(practice, name)
        for name in ("kind", "title_km", "title_en", "summary_km", "summary_en", "body_km", "body_en")
    }
    initial.update(
        unit=practice.unit_id,
        competencies=[c.pk for c in practice.competencies.all()],
        programmes=[p.pk for p in practice.programmes.all()],
    )
    form = PracticeForm(request.POST or None, request.FILES or None, user=request.user, editing=True, initial=initial)

    def update(data):
        return practice_update(acting_user=request.user, practice=practice, **data)

    done = _save(request, form, update, _("The changes were saved."))
    title = _("Edit %(name)s") % {"name": practice.title_km}
    return done or render(request, "knowledge/practice_form.html", {"form": form, "title": title, "practice": practice})


@login_required
@require_POST
def practice_publish_view(request, pk: int):
    practice = selectors.practice_get(user=request.user, pk=pk, perm=Perm.LEARNING_MANAGE)
    publish = request.POST.get("publish") == "1"
    try:
        (practice_publish if publish else practice_unpublish)(acting_user=request.user, practice=practice)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, _("The practice is published.") if publish else _("The practice is back to a draft."))
    return redirect("knowledge:practice", pk=pk)


@login_required
def practice_attachment(request, pk: int):
    """The attachment, to those who may see the practice (a new file gets a new address: see ?v=)."""
    practice = selectors.practice_get(user=request.user, pk=pk)
    stored = practice.attachment
    if not stored or not stored.storage.exists(stored.name):
        raise Http404
    extension = ".pdf" if practice.attachment_is_pdf else ".jpg"
    filename = f"practice-{practice.pk}{extension}"
    content_type = "application/pdf" if practice.attachment_is_pdf else "image/jpeg"
    response = FileResponse(stored.open("rb"), content_type=content_type)
    response["Content-Disposition"] = f'inline; filename="{filename}"'
    response["Cache-Control"] = "private, max-age=31536000, immutable"
    return response
