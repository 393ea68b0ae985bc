"""Forms of online courses. Every choice of a record is limited to what the user may reach."""

import datetime

from django import forms
from django.core.validators import URLValidator
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from frontline.accounts.roles import Perm
from frontline.core.formatting import localized
from frontline.learning.forms import DATE_INPUT, AreaCodeField, LocalizedChoiceField
from frontline.learning.models import Programme, Question
from frontline.organisations.models import Organisation

from .models import LessonKind

HTTPS_ONLY = URLValidator(schemes=["https"], message=_("Enter a link that starts with https://."))


class CourseForm(forms.Form):
    programme = LocalizedChoiceField(label=_("Programme"), queryset=Programme.objects.none())
    title_km = forms.CharField(label=_("Title in Khmer"), max_length=250)
    title_en = forms.CharField(label=_("Title in English"), max_length=250)
    summary_km = forms.CharField(label=_("Summary in Khmer"), required=False, widget=forms.Textarea(attrs={"rows": 3}))
    summary_en = forms.CharField(
        label=_("Summary in English"), required=False, widget=forms.Textarea(attrs={"rows": 3})
    )
    organiser = LocalizedChoiceField(label=_("Organiser"), queryset=Organisation.objects.none())
    area = AreaCodeField(
        label=_("Area"),
        help_text=_("The area the course serves and is counted under, e.g. 11 for Mondulkiri."),
    )
    nationwide = forms.BooleanField(
        label=_("Open to officials everywhere"),
        required=False,
        initial=True,
        help_text=_("Otherwise only to the officials of the course's area."),
    )
    open_until = forms.DateField(label=_("Open until"), widget=DATE_INPUT)
    final_question_count = forms.IntegerField(
        label=_("Questions in the final quiz"),
        min_value=1,
        max_value=200,
        initial=10,
        help_text=_("Drawn from the programme's question banks when the course is published."),
    )

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["programme"].queryset = Programme.objects.visible_to(user).filter(is_active=True)
        self.fields["organiser"].queryset = Organisation.objects.visible_to(user, perm=Perm.LEARNING_MANAGE)
        if not self.is_bound:
            self.initial.setdefault("open_until", timezone.localdate() + datetime.timedelta(days=365))

    def clean_open_until(self):
        day = self.cleaned_data["open_until"]
        if day < timezone.localdate():
            raise forms.ValidationError(_("The course cannot close before it opens."))
        return day


class CourseEditForm(forms.Form):
    title_km = forms.CharField(label=_("Title in Khmer"), max_length=250)
    title_en = forms.CharField(label=_("Title in English"), max_length=250)
    summary_km = forms.CharField(label=_("Summary in Khmer"), required=False, widget=forms.Textarea(attrs={"rows": 3}))
    summary_en = forms.CharField(
        label=_("Summary in English"), required=False, widget=forms.Textarea(attrs={"rows": 3})
    )
    nationwide = forms.BooleanField(
        label=_("Open to officials everywhere"),
        required=False,
        help_text=_("Otherwise only to the officials of the course's area."),
    )
    open_until = forms.DateField(label=_("Open until"), widget=DATE_INPUT)
    final_question_count = forms.IntegerField(label=_("Questions in the final quiz"), min_value=1, max_value=200)


class QuestionChoiceField(forms.ModelMultipleChoiceField):
    def label_from_instance(self, obj) -> str:
        return localized(obj, "text")


class LessonForm(forms.Form):
    kind = forms.ChoiceField(label=_("Kind of lesson"), choices=LessonKind.choices, widget=forms.RadioSelect)
    title_km = forms.CharField(label=_("Title in Khmer"), max_length=250)
    title_en = forms.CharField(label=_("Title in English"), max_length=250)
    body_km = forms.CharField(
        label=_("Text in Khmer"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 8}),
        help_text=_("Paragraphs separated by an empty line. For a picture, PDF or video: what it shows."),
    )
    body_en = forms.CharField(label=_("Text in English"), required=False, widget=forms.Textarea(attrs={"rows": 8}))
    image = forms.FileField(
        label=_("Picture"),
        required=False,
        widget=forms.FileInput(attrs={"accept": "image/jpeg,image/png,image/gif,image/webp"}),
        help_text=_("JPEG, PNG, GIF or WebP, at most 5 MB; made smaller for phones."),
    )
    document = forms.FileField(
        label=_("PDF document"),
        required=False,
        widget=forms.FileInput(attrs={"accept": "application/pdf,.pdf"}),
        help_text=_("At most 10 MB. Learners see its size before they download it."),
    )
    video_url = forms.URLField(
        label=_("Video link"),
        required=False,
        max_length=500,
        assume_scheme="https",
        validators=[HTTPS_ONLY],
        help_text=_("A link to the video (https://...); it is not played inside the page."),
    )
    questions = QuestionChoiceField(
        label=_("Quiz questions"),
        queryset=Question.objects.none(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )

    def __init__(self, *args, course, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["questions"].queryset = Question.objects.filter(
            bank__programme_id=course.programme_id, is_active=True
        ).order_by("bank_id", "order", "id")
