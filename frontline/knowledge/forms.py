"""Forms of the knowledge library. Every choice of a record is limited to what the user may reach."""

from django import forms
from django.utils.translation import gettext_lazy as _

from frontline.accounts.roles import Perm
from frontline.accounts.scoping import any_of, scope_q
from frontline.learning.forms import LocalizedChoiceField, LocalizedMultipleChoiceField
from frontline.learning.models import Competency, Programme
from frontline.organisations.models import Organisation

from .models import PracticeKind


class ProgrammeMultipleChoiceField(forms.ModelMultipleChoiceField):
    def label_from_instance(self, obj) -> str:
        from frontline.core.formatting import localized

        return localized(obj, "title")


def contributing_units(user):
    """The units the user may contribute for: inside their knowledge.contribute or learning.manage scope."""
    condition = any_of(
        scope_q(user, Perm.KNOWLEDGE_CONTRIBUTE, area_field="area_code", org_field="path"),
        scope_q(user, Perm.LEARNING_MANAGE, area_field="area_code", org_field="path"),
    )
    units = Organisation.objects.filter(is_active=True)
    return units.none() if condition is None else units.filter(condition)


class PracticeForm(forms.Form):
    kind = forms.ChoiceField(label=_("Kind"), choices=PracticeKind.choices)
    title_km = forms.CharField(label=_("Title in Khmer"), max_length=250)
    title_en = forms.CharField(label=_("Title in English"), max_length=250)
    summary_km = forms.CharField(label=_("Summary in Khmer"), widget=forms.Textarea(attrs={"rows": 3}))
    summary_en = forms.CharField(
        label=_("Summary in English"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("Needed before the practice is published."),
    )
    body_km = forms.CharField(
        label=_("The practice in Khmer"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 10}),
        help_text=_("What was done, by whom, with what result, and what others can take from it."),
    )
    body_en = forms.CharField(
        label=_("The practice in English"), required=False, widget=forms.Textarea(attrs={"rows": 10})
    )
    unit = LocalizedChoiceField(label=_("Contributing unit"), queryset=Organisation.objects.none())
    competencies = LocalizedMultipleChoiceField(
        label=_("Competencies"), queryset=Competency.objects.none(), required=False, widget=forms.CheckboxSelectMultiple
    )
    programmes = ProgrammeMultipleChoiceField(
        label=_("Programmes"), queryset=Programme.objects.none(), required=False, widget=forms.CheckboxSelectMultiple
    )
    attachment = forms.FileField(
        label=_("Attachment"),
        required=False,
        widget=forms.FileInput(attrs={"accept": "application/pdf,.pdf,image/jpeg,image/png,image/gif,image/webp"}),
        help_text=_("A PDF (at most 10 MB) or a picture (at most 5 MB)."),
    )

    def __init__(self, *args, user, editing: bool = False, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["unit"].queryset = contributing_units(user)
        self.fields["competencies"].queryset = Competency.objects.visible_to(user).order_by("code")
        self.fields["programmes"].queryset = Programme.objects.visible_to(user).order_by("title_en")
        if editing:
            self.fields["remove_attachment"] = forms.BooleanField(label=_("Remove the attachment"), required=False)
