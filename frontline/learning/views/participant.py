"""A participant's own pages, reached without an account through a signed link: the tests,
the evaluation of the event; and the supervisor's follow-up through its private link."""

from django import forms
from django.contrib import messages
from django.core import signing
from django.core.exceptions import ValidationError
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from frontline.core.formatting import format_number, localized

from ..models import AnswerSheet, Enrolment, EnrolmentStatus, Evaluation, EventTest, FollowUp
from ..services.assessment import evaluation_submit, follow_up_answer, test_submit
from ._common import attach_errors

SALT = "frontline.learning.participant"


def rating_choices() -> list[tuple[int, str]]:
    """1 (poor) to 5 (excellent), written in the page's digits."""
    return [(n, format_number(n)) for n in range(1, 6)]


def participant_token(enrolment: Enrolment) -> str:
    return signing.dumps(enrolment.pk, salt=SALT)


def _enrolment(token: str) -> Enrolment:
    try:
        pk = signing.loads(token, salt=SALT)
    except signing.BadSignature as error:
        raise Http404 from error
    return get_object_or_404(
        Enrolment.objects.select_related("event__programme", "person"), pk=pk, status=EnrolmentStatus.ENROLLED
    )


def participant_home(request, token: str):
    enrolment = _enrolment(token)
    now = timezone.now()
    answered = set(AnswerSheet.objects.filter(enrolment=enrolment).values_list("test_id", flat=True))
    tests = [
        {"test": test, "open": test.opens_at <= now <= test.closes_at, "answered": test.pk in answered}
        for test in enrolment.event.tests.order_by("kind")
    ]
    context = {
        "enrolment": enrolment,
        "token": token,
        "tests": tests,
        "evaluated": Evaluation.objects.filter(enrolment=enrolment).exists(),
        "can_evaluate": enrolment.event.start_date <= timezone.localdate(),
    }
    return render(request, "learning/participant.html", context)


class AnswersForm(forms.Form):
    """One radio group per question, labelled in the page's language."""

    def __init__(self, *args, test: EventTest, **kwargs):
        super().__init__(*args, **kwargs)
        for number, question in enumerate(test.questions.prefetch_related("choices").order_by("id"), start=1):
            self.fields[f"q{question.pk}"] = forms.TypedChoiceField(
                label=f"{format_number(number)}. {localized(question, 'text')}",
                choices=[(choice.pk, localized(choice, "text")) for choice in question.choices.all()],
                coerce=int,
                widget=forms.RadioSelect,
                required=False,
            )

    def answers(self) -> dict[int, int]:
        return {int(name[1:]): value for name, value in self.cleaned_data.items() if value not in (None, "")}


def participant_test(request, token: str, test_id: int):
    enrolment = _enrolment(token)
    test = get_object_or_404(EventTest, pk=test_id, event=enrolment.event)
    answered = AnswerSheet.objects.filter(test=test, enrolment=enrolment).exists()
    is_open = test.opens_at <= timezone.now() <= test.closes_at
    if request.method != "POST" and (answered or not is_open):
        # The questions are shown only while the test is open and not yet answered; answers sent
        # anyway are refused by the service with its reason.
        return redirect("learning:participant", token=token)
    form = AnswersForm(request.POST or None, test=test)
    if request.method == "POST" and form.is_valid():
        try:
            sheet = test_submit(acting_user=None, test=test, enrolment=enrolment, answers=form.answers())
        except ValidationError as error:
            attach_errors(form, error)
        else:
            score = format_number(sheet.score, decimals=0)
            messages.success(request, _("Your answers were received. Your score: %(score)s%%.") % {"score": score})
            return redirect("learning:participant", token=token)
    return render(request, "learning/participant_test.html", {"enrolment": enrolment, "test": test, "form": form})


class EvaluationForm(forms.Form):
    content = forms.TypedChoiceField(
        label=gettext_lazy("How good was the content?"),
        choices=rating_choices,
        coerce=int,
        widget=forms.RadioSelect,
    )
    relevance = forms.TypedChoiceField(
        label=gettext_lazy("How useful is it for your work?"),
        choices=rating_choices,
        coerce=int,
        widget=forms.RadioSelect,
    )
    organisation = forms.TypedChoiceField(
        label=gettext_lazy("How well was the event organised?"),
        choices=rating_choices,
        coerce=int,
        widget=forms.RadioSelect,
    )
    comments = forms.CharField(label=gettext_lazy("Comments"), required=False, max_length=2000, widget=forms.Textarea)

    def __init__(self, *args, assignments, **kwargs):
        super().__init__(*args, **kwargs)
        for assignment in assignments:
            self.fields[f"trainer{assignment.pk}"] = forms.TypedChoiceField(
                label=_("Your rating of %(name)s") % {"name": assignment.trainer.person},
                choices=rating_choices,
                coerce=int,
                widget=forms.RadioSelect,
                required=False,
            )

    def trainer_ratings(self) -> dict[int, int]:
        return {
            int(name[len("trainer") :]): value
            for name, value in self.cleaned_data.items()
            if name.startswith("trainer") and value not in (None, "")
        }


def participant_evaluation(request, token: str):
    enrolment = _enrolment(token)
    assignments = list(enrolment.event.trainer_assignments.select_related("trainer__person"))
    form = EvaluationForm(request.POST or None, assignments=assignments)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            evaluation_submit(
                acting_user=None,
                enrolment=enrolment,
                content=data["content"],
                relevance=data["relevance"],
                organisation=data["organisation"],
                comments=data["comments"],
                trainer_ratings=form.trainer_ratings(),
            )
        except ValidationError as error:
            attach_errors(form, error)
        else:
            messages.success(request, _("Thank you: your evaluation was received."))
            return redirect("learning:participant", token=token)
    return render(
        request,
        "learning/participant_form.html",
        {
            "enrolment": enrolment,
            "form": form,
            "title": _("Evaluate the event"),
        },
    )


class FollowUpForm(forms.Form):
    applies_learning = forms.TypedChoiceField(
        label=gettext_lazy("Does the participant apply what was learnt? (1 = not at all, 5 = fully)"),
        choices=rating_choices,
        coerce=int,
        widget=forms.RadioSelect,
    )
    behaviour_change = forms.TypedChoiceField(
        label=gettext_lazy("Does the participant work differently since the training?"),
        choices=rating_choices,
        coerce=int,
        widget=forms.RadioSelect,
    )
    examples = forms.CharField(
        label=gettext_lazy("Examples of changes at work"), required=False, max_length=4000, widget=forms.Textarea
    )


def follow_up(request, token: str):
    record = get_object_or_404(FollowUp.objects.select_related("enrolment__person", "enrolment__event"), token=token)
    form = FollowUpForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            follow_up_answer(acting_user=None, follow_up=record, **form.cleaned_data)
        except ValidationError as error:
            attach_errors(form, error)
        else:
            messages.success(request, _("Thank you: your answer was received."))
            return redirect("learning:follow_up", token=token)
    return render(request, "learning/follow_up.html", {"follow_up": record, "form": form})
