"""Programmes and curricula, competencies, trainers."""

from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.shortcuts import get_object_or_404, render
from django.utils.translation import gettext as _

from frontline.accounts.policies import can
from frontline.accounts.roles import Perm
from frontline.core.formatting import format_number, localized
from frontline.core.search import search_filter
from frontline.people.models import Person

from .. import selectors
from ..forms import ModuleForm, PartnerForm, PhaseForm, ProgrammeForm, QualificationForm, TrainerForm, VersionForm
from ..models import CurriculumVersion, Question
from ..services import programmes, trainers
from ._common import fragment_or_page, require, run_service


@login_required
def programme_index(request):
    require(request.user, Perm.LEARNING_VIEW)
    query = request.GET.get("q", "").strip()[:100]
    page = Paginator(selectors.programme_list(user=request.user, query=query), 30).get_page(request.GET.get("page"))
    context = {"page": page, "query": query, "can_manage": can(request.user, Perm.LEARNING_MANAGE)}
    return fragment_or_page(request, "learning/programme_list.html", context)


@login_required
def programme_detail(request, pk: int):
    programme = selectors.programme_get(user=request.user, pk=pk)
    context = {
        "programme": programme,
        "versions": selectors.programme_versions(programme),
        "partners": programme.partnerships.select_related("organisation"),
        "phases": programme.phases.all(),
        "competencies": programme.competencies.select_related("domain"),
        "target_groups": programme.target_groups.all(),
        "required_subjects": programme.required_subjects.all(),
        "events": selectors.event_list(user=request.user, programme_id=programme.pk)[:20],
        "questions": Question.objects.filter(bank__programme=programme, is_active=True).count(),
        "can_manage": can(request.user, Perm.LEARNING_MANAGE, programme),
    }
    return render(request, "learning/programme_detail.html", context)


@login_required
def programme_new(request):
    require(request.user, Perm.LEARNING_MANAGE)
    form = ProgrammeForm(request.POST or None, user=request.user)
    done = run_service(
        request,
        form,
        lambda data: programmes.programme_create(acting_user=request.user, **data),
        success=_("The programme was saved."),
        then=lambda programme: ("learning:programme", programme.pk),
    )
    return done or render(request, "form_page.html", {"form": form, "title": _("New programme")})


@login_required
def programme_edit(request, pk: int):
    programme = selectors.programme_get(user=request.user, pk=pk, perm=Perm.LEARNING_MANAGE)
    form = ProgrammeForm(
        request.POST or None, instance=selectors.programme_get(user=request.user, pk=pk), user=request.user
    )

    def update(data):
        data.pop("code", None)
        return programmes.programme_update(acting_user=request.user, programme=programme, **data)

    done = run_service(
        request, form, update, success=_("The programme was saved."), then=("learning:programme", programme.pk)
    )
    title = _("Edit %(name)s") % {"name": localized(programme, "title")}
    return done or render(request, "form_page.html", {"form": form, "title": title})


@login_required
def version_new(request, pk: int):
    programme = selectors.programme_get(user=request.user, pk=pk, perm=Perm.LEARNING_MANAGE)
    form = VersionForm(request.POST or None)

    def create(data):
        latest = programme.versions.order_by("-number").first() if data["copy_modules"] else None
        return programmes.curriculum_version_create(
            acting_user=request.user,
            programme=programme,
            effective_from=data["effective_from"],
            notes=data["notes"],
            copy_from=latest,
        )

    done = run_service(
        request, form, create, success=_("The new version was made."), then=("learning:programme", programme.pk)
    )
    title = _("New curriculum version of %(name)s") % {"name": localized(programme, "title")}
    return done or render(request, "form_page.html", {"form": form, "title": title})


@login_required
def module_new(request, pk: int, version_id: int):
    programme = selectors.programme_get(user=request.user, pk=pk, perm=Perm.LEARNING_MANAGE)
    version = get_object_or_404(CurriculumVersion, pk=version_id, programme=programme)
    form = ModuleForm(request.POST or None)
    done = run_service(
        request,
        form,
        lambda data: programmes.module_add(acting_user=request.user, version=version, **data),
        success=_("The module was added."),
        then=("learning:programme", programme.pk),
    )
    title = _("Add a module to version %(number)s") % {"number": format_number(version.number)}
    return done or render(request, "form_page.html", {"form": form, "title": title})


@login_required
def competency_index(request):
    require(request.user, Perm.LEARNING_VIEW)
    return render(
        request, "learning/competencies.html", {"competencies": selectors.competencies_by_domain(user=request.user)}
    )


@login_required
def trainer_index(request):
    require(request.user, Perm.LEARNING_VIEW)
    query = request.GET.get("q", "").strip()[:100]
    page = Paginator(selectors.trainer_list(user=request.user, query=query), 30).get_page(request.GET.get("page"))
    context = {"page": page, "query": query, "can_manage": can(request.user, Perm.LEARNING_MANAGE)}
    return fragment_or_page(request, "learning/trainer_list.html", context)


@login_required
def trainer_detail(request, pk: int):
    trainer = selectors.trainer_get(user=request.user, pk=pk)
    context = {
        "trainer": trainer,
        "qualifications": trainer.qualifications.all(),
        "assignments": selectors.trainer_events(user=request.user, trainer=trainer),
        "can_manage": can(request.user, Perm.LEARNING_MANAGE, trainer),
    }
    return render(request, "learning/trainer_detail.html", context)


@login_required
def trainer_new(request):
    require(request.user, Perm.LEARNING_MANAGE)
    form = TrainerForm(request.POST or None, user=request.user)
    done = run_service(
        request,
        form,
        lambda data: trainers.trainer_register(acting_user=request.user, **data),
        success=_("The trainer was registered."),
        then=lambda trainer: ("learning:trainer", trainer.pk),
    )
    query = request.GET.get("q", "").strip()[:100]
    found = (
        search_filter(Person.objects.visible_to(request.user), query).select_related("organisation")[:15]
        if query
        else []
    )
    context = {"form": form, "title": _("Register a trainer"), "found": found}
    return done or render(request, "learning/trainer_form.html", context)


@login_required
def qualification_new(request, pk: int):
    trainer = selectors.trainer_get(user=request.user, pk=pk, perm=Perm.LEARNING_MANAGE)
    form = QualificationForm(request.POST or None)
    done = run_service(
        request,
        form,
        lambda data: trainers.qualification_add(acting_user=request.user, trainer=trainer, **data),
        success=_("The qualification was recorded."),
        then=("learning:trainer", trainer.pk),
    )
    title = _("Qualification of %(name)s") % {"name": trainer.person}
    return done or render(request, "form_page.html", {"form": form, "title": title})


@login_required
def partner_new(request, pk: int):
    programme = selectors.programme_get(user=request.user, pk=pk, perm=Perm.LEARNING_MANAGE)
    form = PartnerForm(request.POST or None, user=request.user)
    done = run_service(
        request,
        form,
        lambda data: programmes.partner_add(acting_user=request.user, programme=programme, **data),
        success=_("The partner was added."),
        then=("learning:programme", programme.pk),
    )
    title = _("Partner of %(name)s") % {"name": localized(programme, "title")}
    return done or render(request, "form_page.html", {"form": form, "title": title})


@login_required
def phase_new(request, pk: int):
    programme = selectors.programme_get(user=request.user, pk=pk, perm=Perm.LEARNING_MANAGE)
    form = PhaseForm(request.POST or None)
    done = run_service(
        request,
        form,
        lambda data: programmes.phase_add(acting_user=request.user, programme=programme, **data),
        success=_("The phase was added."),
        then=("learning:programme", programme.pk),
    )
    title = _("New phase of %(name)s") % {"name": localized(programme, "title")}
    return done or render(request, "form_page.html", {"form": form, "title": title})


@login_required
def question_new(request, pk: int):
    """Add a multiple-choice question to the programme's bank (tests are drawn from it)."""
    from ..forms import QuestionForm
    from ..services.assessment import question_add

    programme = selectors.programme_get(user=request.user, pk=pk, perm=Perm.LEARNING_MANAGE)
    form = QuestionForm(request.POST or None)

    def add(data):
        given = data["choices"]
        correct = [number for number, _km, _en in given].index(data["correct"])
        return question_add(
            acting_user=request.user,
            programme=programme,
            text_km=data["text_km"],
            text_en=data["text_en"],
            choices=[(km, en) for _number, km, en in given],
            correct=correct,
        )

    done = run_service(request, form, add, success=_("The question was added."), then=("learning:programme", pk))
    title = _("New question for %(name)s") % {"name": localized(programme, "title")}
    return done or render(request, "form_page.html", {"form": form, "title": title})
