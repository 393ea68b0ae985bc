"""Lessons: studying one (and marking it done, or answering its quiz), its picture or PDF, the
final quiz; and for organisers, adding, editing, moving and removing lessons."""

import mimetypes

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import FileResponse, Http404
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from frontline.accounts.policies import can
from frontline.accounts.roles import Perm
from frontline.core.formatting import format_number, localized
from frontline.core.uploads import describe_size
from frontline.learning.views._common import attach_errors
from frontline.learning.views.participant import AnswersForm

from .. import selectors
from ..forms import LessonForm
from ..models import LessonKind
from ..services import lessons, progress
from ..services.courses import final_test


class QuizForm(forms.Form):
    """A quiz lesson's questions, one radio group each, in the page's language."""

    def __init__(self, *args, lesson, **kwargs):
        super().__init__(*args, **kwargs)
        for number, question in enumerate(lesson.questions.prefetch_related("choices").order_by("id"), start=1):
            self.fields[f"q{question.pk}"] = forms.TypedChoiceField(
                label=f"{number}. {localized(question, 'text')}",
                choices=[(choice.pk, localized(choice, "text")) for choice in question.choices.all()],
                coerce=int,
                widget=forms.RadioSelect,
                required=False,
            )

    def answers(self) -> dict[int, int]:
        return {int(name[1:]): value for name, value in self.cleaned_data.items() if value not in (None, "")}


def _study(request, pk: int, lesson_id: int):
    course = selectors.course_get(user=request.user, pk=pk)
    lesson = selectors.lesson_get(user=request.user, course=course, pk=lesson_id)
    return course, lesson, selectors.own_enrolment(request.user, course)


@login_required
def lesson_detail(request, pk: int, lesson_id: int):
    """One lesson, light enough for a phone: server-rendered, pictures sized and lazy, PDF and
    video as links. A learner marks it done (or answers its quiz) and goes on to the next."""
    course, lesson, enrolment = _study(request, pk, lesson_id)
    previous, following, position, count = selectors.neighbours(lesson)
    quiz = QuizForm(request.POST or None, lesson=lesson) if lesson.kind == LessonKind.QUIZ else None
    outcome = None
    if request.method == "POST":
        if enrolment is None:
            raise Http404
        try:
            if quiz is not None:
                if not quiz.is_valid():
                    raise ValidationError(_("Choose one answer per question."))
                outcome = progress.quiz_submit(
                    acting_user=request.user, enrolment=enrolment, lesson=lesson, answers=quiz.answers()
                )
            else:
                progress.lesson_complete(acting_user=request.user, enrolment=enrolment, lesson=lesson)
                return redirect(_after(course, following))
        except ValidationError as error:
            if quiz is not None:
                attach_errors(quiz, error)
            else:
                messages.error(request, " ".join(error.messages))
    done = selectors.lesson_progress(user=request.user, enrolment=enrolment, lesson=lesson)
    context = {
        "course": course,
        "lesson": lesson,
        "enrolment": enrolment,
        "done": done,
        "quiz": quiz,
        "outcome": outcome,
        "previous": previous,
        "next": following,
        "position": position,
        "count": count,
        "share": position / count,
        "document_size": describe_size(lesson.document_bytes),
        "video_site": selectors.site_of(lesson.video_url),
        "can_manage": can(request.user, Perm.LEARNING_MANAGE, course),
        "pass_mark": course.event.programme.pass_mark_pct,
        "right_fields": {f"q{question}" for question in outcome.right} if outcome else set(),
    }
    return render(request, "elearning/lesson.html", context)


def _after(course, following) -> str:
    from django.urls import reverse

    if following is not None:
        return reverse("elearning:lesson", args=[course.pk, following.pk])
    return reverse("elearning:course", args=[course.pk])


@login_required
def lesson_file(request, pk: int, lesson_id: int):
    """A lesson's picture or PDF, to those who may read the lesson. Its address carries the
    file's name, so a replaced file gets a new address and the old one may be cached for good."""
    course, lesson, _enrolment = _study(request, pk, lesson_id)
    stored = {LessonKind.IMAGE: lesson.image, LessonKind.PDF: lesson.document}.get(lesson.kind)
    if not stored or not stored.storage.exists(stored.name):
        raise Http404
    content_type = mimetypes.guess_type(stored.name)[0] or "application/octet-stream"
    filename = f"lesson-{lesson.pk}{'.pdf' if lesson.kind == LessonKind.PDF else '.jpg'}"
    response = FileResponse(stored.open("rb"), content_type=content_type, filename=filename)
    response["Content-Disposition"] = f'inline; filename="{filename}"'
    response["Cache-Control"] = "private, max-age=31536000, immutable"
    return response


@login_required
def final_quiz(request, pk: int):
    course = selectors.course_get(user=request.user, pk=pk)
    enrolment = selectors.own_enrolment(request.user, course)
    test = final_test(course)
    if enrolment is None or test is None:
        raise Http404
    form = AnswersForm(request.POST or None, test=test)
    if request.method == "POST" and form.is_valid():
        try:
            sheet = progress.final_quiz_submit(acting_user=request.user, enrolment=enrolment, answers=form.answers())
        except ValidationError as error:
            attach_errors(form, error)
        else:
            score = format_number(sheet.score, decimals=0)
            enrolment.refresh_from_db(fields=["completed"])
            if enrolment.completed:
                text = _("You passed with %(score)s%% and completed the course: your certificate is ready.")
            elif sheet.score >= course.event.programme.pass_mark_pct:
                text = _("You passed with %(score)s%%.")
            else:
                text = _("Your score: %(score)s%%. The pass mark was not reached.")
            messages.success(request, text % {"score": score})
            return redirect("elearning:course", pk=pk)
    outline = selectors.outline(user=request.user, course=course, enrolment=enrolment)
    if not outline.final_open:
        messages.error(request, _("The final quiz opens once you have done enough lessons, and is taken once."))
        return redirect("elearning:course", pk=pk)
    context = {"course": course, "form": form, "pass_mark": course.event.programme.pass_mark_pct}
    return render(request, "elearning/final_quiz.html", context)


@login_required
def lesson_new(request, pk: int):
    course = selectors.course_get(user=request.user, pk=pk, perm=Perm.LEARNING_MANAGE)
    form = LessonForm(request.POST or None, request.FILES or None, course=course, initial={"kind": LessonKind.TEXT})
    if request.method == "POST" and form.is_valid():
        try:
            lessons.lesson_add(acting_user=request.user, course=course, **form.cleaned_data)
        except ValidationError as error:
            attach_errors(form, error)
        else:
            messages.success(request, _("The lesson was added."))
            return redirect("elearning:course", pk=pk)
    title = _("New lesson in %(name)s") % {"name": course.title_km}
    return render(request, "elearning/lesson_form.html", {"form": form, "title": title, "course": course})


@login_required
def lesson_edit(request, pk: int, lesson_id: int):
    course = selectors.course_get(user=request.user, pk=pk, perm=Perm.LEARNING_MANAGE)
    lesson = selectors.lesson_get(user=request.user, course=course, pk=lesson_id)
    initial = {
        "kind": lesson.kind,
        "title_km": lesson.title_km,
        "title_en": lesson.title_en,
        "body_km": lesson.body_km,
        "body_en": lesson.body_en,
        "video_url": lesson.video_url,
        "questions": list(lesson.questions.values_list("pk", flat=True)),
    }
    form = LessonForm(request.POST or None, request.FILES or None, course=course, initial=initial)
    if request.method == "POST" and form.is_valid():
        data = dict(form.cleaned_data)
        data["image"] = data["image"] or None  # not given again: the picture stays
        data["document"] = data["document"] or None
        try:
            lessons.lesson_update(acting_user=request.user, lesson=lesson, **data)
        except ValidationError as error:
            attach_errors(form, error)
        else:
            messages.success(request, _("The changes were saved."))
            return redirect("elearning:course", pk=pk)
    title = _("Edit %(name)s") % {"name": lesson.title_km}
    return render(
        request, "elearning/lesson_form.html", {"form": form, "title": title, "course": course, "lesson": lesson}
    )


@login_required
@require_POST
def lesson_move(request, pk: int, lesson_id: int):
    course = selectors.course_get(user=request.user, pk=pk, perm=Perm.LEARNING_MANAGE)
    lesson = selectors.lesson_get(user=request.user, course=course, pk=lesson_id)
    lessons.lesson_move(acting_user=request.user, lesson=lesson, up=request.POST.get("direction") == "up")
    return redirect("elearning:course", pk=pk)


@login_required
@require_POST
def lesson_remove(request, pk: int, lesson_id: int):
    course = selectors.course_get(user=request.user, pk=pk, perm=Perm.LEARNING_MANAGE)
    lesson = selectors.lesson_get(user=request.user, course=course, pk=lesson_id)
    try:
        lessons.lesson_remove(acting_user=request.user, lesson=lesson)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, _("The lesson was removed."))
    return redirect("elearning:course", pk=pk)
