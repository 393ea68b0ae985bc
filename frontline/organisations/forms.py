from django import forms
from django.utils.translation import gettext_lazy as _

from frontline.accounts.roles import Perm
from frontline.geography.models import Area

from .fields import OrganisationChoiceField, OrganisationSearchWidget
from .models import Organisation
from .policies import area_allowed


class OrganisationForm(forms.ModelForm):
    area_code = forms.CharField(
        label=_("Area code"),
        required=False,
        max_length=8,
        help_text=_("NCDD code of the area a provincial department or administration serves; empty if national."),
    )

    class Meta:
        model = Organisation
        fields = ["code", "parent", "kind", "name_km", "name_en", "abbreviation", "is_active"]
        field_classes = {"parent": OrganisationChoiceField}
        widgets = {"parent": OrganisationSearchWidget(purpose="parent")}

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.user = user
        self.fields["parent"].queryset = Organisation.objects.visible_to(user, perm=Perm.ORGANISATIONS_CHANGE)
        if self.instance.pk:
            # Moving a unit would rewrite its subtree's paths: not offered here.
            del self.fields["parent"]
            self.fields["code"].disabled = True
            self.initial["area_code"] = self.instance.area_id or ""

    def clean_area_code(self) -> Area | None:
        code = self.cleaned_data["area_code"].strip()
        area = Area.objects.filter(code=code).exclude(level="village").first() if code else None
        if code and area is None:
            raise forms.ValidationError(_("No province, district or commune has this code."))
        if not area_allowed(self.user, code):
            raise forms.ValidationError(_("Choose an area within your scope."))
        return area
