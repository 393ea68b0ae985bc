"""Forms of the public pages: the concern form (/report/), the tracking box, rating, reopening.

The location is chosen province -> district -> commune -> village with plain selects: without
JavaScript the "Show the next list" button reloads the form with the next list filled (nothing
is written); with htmx each choice fills the next list. A commune or village code (or a name)
typed in the box is the fallback.
"""

from django import forms
from django.utils.translation import gettext_lazy as _

from frontline.core.formatting import localized
from frontline.geography.fields import find_area
from frontline.geography.models import Area, Level

from .models import DESCRIPTION_MAX, Category, ReporterGroup

PLACE_MAX = 250
REASON_MAX = 1000


class MultipleFileInput(forms.ClearableFileInput):
    allow_multiple_selected = True


class MultipleFileField(forms.FileField):
    def __init__(self, *args, **kwargs):
        kwargs.setdefault("widget", MultipleFileInput(attrs={"accept": "image/*,application/pdf"}))
        super().__init__(*args, **kwargs)

    def clean(self, data, initial=None):
        if isinstance(data, list | tuple):
            return [super(MultipleFileField, self).clean(item, initial) for item in data if item]
        return [super().clean(data, initial)] if data else []


def area_choices(parent_code: str | None, level: str) -> list[tuple[str, str]]:
    """(code, localized name) of the areas of `level` under `parent_code` (provinces: no parent)."""
    areas = Area.objects.filter(level=level)
    if level != Level.PROVINCE:
        if not parent_code:
            return []
        areas = areas.filter(parent_id=parent_code)
    return [(area.code, localized(area)) for area in areas.order_by("code").only("code", "name_km", "name_en")]


LOCATION_FIELDS = ("province", "district", "commune", "village", "area_code")
# Where a concern is placed: a commune or one of its villages.
PLACE_LEVELS = (Level.COMMUNE, Level.VILLAGE)
CHILD_LEVEL = {"province": Level.DISTRICT, "district": Level.COMMUNE, "commune": Level.VILLAGE}


class ReportForm(forms.Form):
    category = forms.ChoiceField(label=_("What is it about?"), required=False)
    province = forms.ChoiceField(label=_("Capital or province"), required=False)
    district = forms.ChoiceField(label=_("Municipality, district or khan"), required=False)
    commune = forms.ChoiceField(label=_("Commune or sangkat"), required=False)
    village = forms.ChoiceField(label=_("Village"), required=False)
    area_code = forms.CharField(
        label=_("Or type the commune or village (code or name)"),
        required=False,
        max_length=120,
        help_text=_("For example 110101 or 11010101."),
    )
    address_detail = forms.CharField(
        label=_("Where exactly (optional)"),
        required=False,
        max_length=PLACE_MAX,
        help_text=_("A landmark, a street, a house number."),
    )
    description = forms.CharField(
        label=_("Your concern or request"),
        required=False,
        max_length=DESCRIPTION_MAX,
        widget=forms.Textarea(attrs={"rows": 6, "maxlength": DESCRIPTION_MAX}),
        help_text=_("In Khmer or English. Do not write other people's personal details."),
    )
    attachments = MultipleFileField(
        label=_("Photos or PDF (optional, at most 3)"),
        required=False,
        help_text=_("Pictures (JPEG, PNG, GIF, WebP) up to 5 MB, PDF up to 10 MB."),
    )
    reporter_group = forms.ChoiceField(
        label=_("I am"), choices=ReporterGroup.choices, initial=ReporterGroup.CITIZEN, widget=forms.RadioSelect
    )
    anonymous = forms.BooleanField(label=_("Stay anonymous (we cannot call you back)"), required=False)
    reporter_name = forms.CharField(label=_("Your name"), required=False, max_length=200)
    reporter_phone = forms.CharField(label=_("Phone"), required=False, max_length=30)
    reporter_email = forms.EmailField(label=_("Email"), required=False, max_length=254)
    confidential = forms.BooleanField(
        label=_("Confidential: only the unit handling the concern may see who I am"), required=False
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["category"].choices = [("", _("Choose…"))] + [
            (str(category.pk), localized(category)) for category in Category.objects.filter(is_active=True)
        ]
        data = self.data if self.is_bound else self.initial
        parent = None
        for name, level in (
            ("province", Level.PROVINCE),
            ("district", Level.DISTRICT),
            ("commune", Level.COMMUNE),
            ("village", Level.VILLAGE),
        ):
            choices = area_choices(parent, level)
            self.fields[name].choices = [("", _("Choose…"))] + choices
            chosen = data.get(name) or ""
            # Lower lists stay empty until this one is chosen.
            parent = chosen if chosen in {code for code, _label in choices} else ""
        self.area = None

    def clean(self):
        cleaned = super().clean()
        area = None
        village, commune, typed = cleaned.get("village"), cleaned.get("commune"), cleaned.get("area_code")
        if village:
            area = Area.objects.filter(code=village).first()
        elif commune:
            area = Area.objects.filter(code=commune).first()
        elif typed:
            area = find_area(typed, PLACE_LEVELS)
            if area is None:
                self.add_error("area_code", _("No commune or village has this code or name; choose it in the lists."))
        self.area = area
        chosen = cleaned.get("category")
        self.category = Category.objects.filter(pk=chosen).first() if chosen else None
        return cleaned


class TrackForm(forms.Form):
    code = forms.CharField(label=_("Tracking code"), max_length=20, help_text=_("For example K7M4-Q2XP."))


class RateForm(forms.Form):
    satisfied = forms.TypedChoiceField(
        label=_("Are you satisfied with the outcome?"),
        choices=[("yes", _("Yes")), ("no", _("No"))],
        coerce=lambda value: value == "yes",
        required=False,
        empty_value=None,
        widget=forms.RadioSelect,
    )
    reason = forms.CharField(
        label=_("Why?"),
        required=False,
        max_length=REASON_MAX,
        widget=forms.Textarea(attrs={"rows": 3, "maxlength": REASON_MAX}),
    )


class ReopenForm(forms.Form):
    reason = forms.CharField(
        label=_("Why is the concern not solved?"),
        required=False,
        max_length=REASON_MAX,
        widget=forms.Textarea(attrs={"rows": 3, "maxlength": REASON_MAX}),
    )
