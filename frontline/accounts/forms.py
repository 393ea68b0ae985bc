from django import forms
from django.contrib.auth.validators import UnicodeUsernameValidator
from django.utils.translation import gettext_lazy as _

from frontline.geography.models import Area, Level
from frontline.organisations.fields import OrganisationChoiceField, OrganisationSearchWidget
from frontline.organisations.models import Organisation

from .granting import grantable_roles
from .roles import Perm, Role


class AssignmentForm(forms.Form):
    """A role over an area and/or an organisation; the service checks what the manager may grant."""

    role = forms.ChoiceField(label=_("Role"))
    area_code = forms.CharField(
        label=_("Area code"),
        required=False,
        max_length=8,
        help_text=_("NCDD code of the province, district or commune; empty for none."),
    )
    organisation = OrganisationChoiceField(
        label=_("Organisation"),
        required=False,
        queryset=Organisation.objects.none(),
        widget=OrganisationSearchWidget(purpose="accounts"),
    )

    def __init__(self, *args, manager, **kwargs):
        super().__init__(*args, **kwargs)
        labels = dict(Role.choices)
        self.fields["role"].choices = [(role.value, labels[role]) for role in grantable_roles(manager)]
        self.fields["organisation"].queryset = Organisation.objects.visible_to(manager, perm=Perm.ACCOUNTS_MANAGE)

    def clean_area_code(self) -> Area | None:
        code = self.cleaned_data["area_code"].strip()
        if not code:
            return None
        area = Area.objects.filter(code=code).exclude(level=Level.VILLAGE).first()
        if area is None:
            raise forms.ValidationError(_("No province, district or commune has this code."))
        return area

    def assignment_data(self) -> dict:
        data = self.cleaned_data
        return {"role": data["role"], "area": data["area_code"], "organisation": data["organisation"]}


class AccountForm(AssignmentForm):
    """A new account and its first role."""

    username = forms.CharField(label=_("Username"), max_length=150, validators=[UnicodeUsernameValidator()])
    first_name = forms.CharField(label=_("Given name"), max_length=150, required=False)
    last_name = forms.CharField(label=_("Family name"), max_length=150, required=False)
    email = forms.EmailField(label=_("Email"), required=False)
    password = forms.CharField(
        label=_("Initial password"),
        strip=False,
        widget=forms.PasswordInput(attrs={"autocomplete": "new-password"}),
        help_text=_("At least 10 characters; tell it to the person, who should change it."),
    )

    field_order = ["username", "last_name", "first_name", "email", "password", "role", "area_code", "organisation"]
