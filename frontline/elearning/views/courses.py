"""Online courses: the list, a course's page, creating, editing, publishing, joining."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from frontline.accounts.policies import can
from frontline.accounts.roles import Perm
from frontline.learning.views._common import fragment_or_page, run_service

from .. import selectors
from ..forms import CourseEditForm, CourseForm
from ..services import courses, progress


def _require_learner_or_viewer(user) -> None:
    """Officials (as learners) and those who see capacity development; 404 for anyone else."""
    if not (user.person_id or can(user, Perm.LEARNING_VIEW) or can(user, Perm.LEARNING_MANAGE)):
        raise Http404


@login_required
def course_index(request):
    _require_learner_or_viewer(request.user)
    query = request.GET.get("q", "").strip()[:100]
    page = Paginator(selectors.course_list(user=request.user, query=query), 30).get_page(request.GET.get("page"))
    items = list(page)
    done = selectors.progress_by_course(request.user, items)
    joined = selectors.joined_course_ids(request.user, items)
    context = {
        "page": page,
        "rows": [
            {"course": c, "done": done.get(c.pk, 0), "joined": c.pk in joined, "share": _share(done.get(c.pk, 0), c)}
            for c in items
        ],
        "query": query,
        "can_manage": can(request.user, Perm.LEARNING_MANAGE),
        "training_nav": can(request.user, Perm.LEARNING_VIEW) or can(request.user, Perm.LEARNING_TRAIN),
    }
    return fragment_or_page(request, "elearning/course_list.html", context)


def _share(done: int, course) -> float:
    return done / course.lesson_total if course.lesson_total else 0.0


@login_required
def course_detail(request, pk: int):
    course = selectors.course_get(user=request.user, pk=pk)
    enrolment = selectors.own_enrolment(request.user, course)
    manage = can(request.user, Perm.LEARNING_MANAGE, course)
    context = {
        "course": course,
        "event": course.event,
        "programme": course.event.programme,
        "enrolment": enrolment,
        "outline": selectors.outline(user=request.user, course=course, enrolment=enrolment),
        "can_manage": manage,
        "can_see_event": can(request.user, Perm.LEARNING_VIEW, course.event),
        "can_join": enrolment is None and bool(request.user.person_id) and course.published,
    }
    return render(request, "elearning/course_detail.html", context)


@login_required
def course_new(request):
    if not can(request.user, Perm.LEARNING_MANAGE):
        raise Http404
    form = CourseForm(request.POST or None, user=request.user)

    def create(data):
        return courses.course_create(acting_user=request.user, **data)

    done = run_service(
        request,
        form,
        create,
        success=_("The course was created: add its lessons, then publish it."),
        then=lambda c: ("elearning:course", c.pk),
    )
    return done or render(request, "form_page.html", {"form": form, "title": _("New online course")})


@login_required
def course_edit(request, pk: int):
    course = selectors.course_get(user=request.user, pk=pk, perm=Perm.LEARNING_MANAGE)
    initial = {
        "title_km": course.title_km,
        "title_en": course.title_en,
        "summary_km": course.summary_km,
        "summary_en": course.summary_en,
        "nationwide": course.nationwide,
        "open_until": course.event.end_date,
        "final_question_count": course.final_question_count,
    }
    form = CourseEditForm(request.POST or None, initial=initial)

    def update(data):
        return courses.course_update(acting_user=request.user, course=course, **data)

    done = run_service(request, form, update, success=_("The changes were saved."), then=("elearning:course", pk))
    title = _("Edit %(name)s") % {"name": course.title_km}
    return done or render(request, "form_page.html", {"form": form, "title": title})


@login_required
@require_POST
def course_publish(request, pk: int):
    course = selectors.course_get(user=request.user, pk=pk, perm=Perm.LEARNING_MANAGE)
    publish = request.POST.get("publish") == "1"
    write = courses.course_publish if publish else courses.course_unpublish
    try:
        write(acting_user=request.user, course=course)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, _("The course is published.") if publish else _("The course is withdrawn."))
    return redirect("elearning:course", pk=pk)


@login_required
@require_POST
def course_join(request, pk: int):
    course = selectors.course_get(user=request.user, pk=pk)
    try:
        progress.course_join(acting_user=request.user, course=course)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
        return redirect("elearning:course", pk=pk)
    messages.success(request, _("You joined the course. Your progress is saved as you go."))
    return redirect("elearning:course", pk=pk)
