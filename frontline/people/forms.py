from django import forms
from django.utils.translation import gettext_lazy as _

from frontline.accounts.roles import Perm
from frontline.organisations.fields import OrganisationChoiceField, OrganisationSearchWidget
from frontline.organisations.models import Organisation

from .models import Person, PostLevel


class PersonForm(forms.ModelForm):
    class Meta:
        model = Person
        fields = [
            "family_name_km",
            "given_name_km",
            "family_name_latin",
            "given_name_latin",
            "sex",
            "birth_date",
            "phone",
            "national_id",
        ]
        widgets = {"birth_date": forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")}


class OfficialForm(PersonForm):
    organisation = OrganisationChoiceField(
        label=_("Organisation"),
        queryset=Organisation.objects.none(),
        widget=OrganisationSearchWidget(purpose="officials"),
    )
    position = forms.CharField(label=_("Position"), max_length=120)
    grade = forms.CharField(label=_("Grade"), max_length=20, required=False)
    level = forms.ChoiceField(label=_("Level"), choices=PostLevel.choices)
    start_date = forms.DateField(label=_("Start date"), widget=forms.DateInput(attrs={"type": "date"}))

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["organisation"].queryset = Organisation.objects.visible_to(user, perm=Perm.OFFICIALS_CHANGE)


class PostForm(forms.Form):
    """A new post for someone already registered; their current post ends the day before."""

    organisation = OrganisationChoiceField(
        label=_("Organisation"),
        queryset=Organisation.objects.none(),
        widget=OrganisationSearchWidget(purpose="officials"),
    )
    position = forms.CharField(label=_("Position"), max_length=120)
    grade = forms.CharField(label=_("Grade"), max_length=20, required=False)
    level = forms.ChoiceField(label=_("Level"), choices=PostLevel.choices)
    start_date = forms.DateField(label=_("Start date"), widget=forms.DateInput(attrs={"type": "date"}))

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["organisation"].queryset = Organisation.objects.visible_to(user, perm=Perm.OFFICIALS_CHANGE)


class ImportForm(forms.Form):
    file = forms.FileField(
        label=_("Spreadsheet (.xlsx or .csv)"),
        help_text=_("One official per row; the first row names the columns."),
        widget=forms.ClearableFileInput(attrs={"accept": ".xlsx,.csv"}),
    )
