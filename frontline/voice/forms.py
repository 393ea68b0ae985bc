"""Forms of the staff pages of the citizens' voice. Every choice of a record is limited to what
the user may reach; the services validate again and have the last word."""

import datetime

from django import forms
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone
from django.utils.http import urlencode
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from frontline.accounts.roles import Perm
from frontline.accounts.scoping import scope_q
from frontline.core.formatting import format_date, localized
from frontline.geography.fields import AreaChoiceField
from frontline.geography.models import Area, Level
from frontline.organisations.fields import OrganisationChoiceField, OrganisationSearchWidget
from frontline.organisations.models import Organisation, OrgKind

from .models import (
    DESCRIPTION_MAX,
    NOTE_MAX,
    ActionKind,
    Category,
    Channel,
    Forum,
    ForumLevel,
    HouseholdVisit,
    Mission,
    ReporterGroup,
    Status,
)
from .services.intake import MAX_ATTACHMENTS, normalise_tracking_code

DATE_INPUT = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")
STAFF_CHANNELS = (Channel.OWSO, Channel.HOTLINE, Channel.FORUM, Channel.VISIT)
# Who may be named the competent authority, besides the units in the user's own scope: the
# national bodies (ministries and institutions) that a concern may be referred up to.
NATIONAL_KINDS = (OrgKind.MINISTRY, OrgKind.INSTITUTION)


def authority_choices(user) -> "Q":
    condition = scope_q(user, Perm.ORGANISATIONS_VIEW, area_field="area_code", org_field="path")
    national = Q(kind__in=NATIONAL_KINDS)
    return national if condition is None else (condition | national)


PURPOSES = {
    # purpose: (the permission the page needs, the organisations offered)
    "authority": (Perm.VOICE_HANDLE, lambda user: Organisation.objects.filter(authority_choices(user))),
    "organiser": (Perm.VOICE_RECORD, lambda user: Organisation.objects.visible_to(user, perm=Perm.VOICE_RECORD)),
    "partner": (Perm.VOICE_ACT, lambda user: Organisation.objects.all()),
}


def organisations_for(user, purpose: str):
    return PURPOSES[purpose][1](user).filter(is_active=True)


class VoiceOrganisationWidget(OrganisationSearchWidget):
    """The organisation search box, asking the voice module's own endpoint (its choices are
    scoped by the voice permissions, not the organisation registry's)."""

    def get_context(self, name, value, attrs):
        context = super().get_context(name, value, attrs)
        context["widget"]["search_url"] = (
            reverse("voice:organisation_choose") + "?" + urlencode({"for": self.purpose, "name": name})
        )
        return context


def organisation_field(purpose: str, label, *, required: bool = True) -> OrganisationChoiceField:
    return OrganisationChoiceField(
        label=label,
        queryset=Organisation.objects.none(),
        required=required,
        widget=VoiceOrganisationWidget(purpose=purpose),
    )


class LocalizedChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj) -> str:
        if isinstance(obj, Forum):
            return f"{format_date(obj.held_on)} · {obj.venue} · {localized(obj.area)}"
        if isinstance(obj, HouseholdVisit):
            return f"{format_date(obj.visited_on)} · {obj.household} · {localized(obj.area)}"
        if isinstance(obj, Mission):
            return localized(obj, "title")
        return localized(obj) or str(obj)


class MultipleFileInput(forms.ClearableFileInput):
    allow_multiple_selected = True


class MultipleFileField(forms.FileField):
    def __init__(self, *args, **kwargs):
        kwargs.setdefault("widget", MultipleFileInput(attrs={"accept": "image/*,application/pdf"}))
        super().__init__(*args, **kwargs)

    def clean(self, data, initial=None):
        single = super().clean
        if isinstance(data, list | tuple):
            return [single(item, initial) for item in data if item]
        return [single(data, initial)] if data else []


class ConcernForm(forms.Form):
    """A concern heard by staff: at a One Window counter, on the hotline, at a forum or a
    household visit in the user's scope. The same fields as the public form."""

    channel = forms.ChoiceField(
        label=_("Heard"), choices=[(c.value, c.label) for c in STAFF_CHANNELS], initial=Channel.OWSO
    )
    forum = LocalizedChoiceField(label=_("Forum"), queryset=Forum.objects.none(), required=False)
    visit = LocalizedChoiceField(label=_("Household visit"), queryset=HouseholdVisit.objects.none(), required=False)
    category = LocalizedChoiceField(label=_("What is it about?"), queryset=Category.objects.none(), required=False)
    area = AreaChoiceField(
        label=_("Location (village or commune)"),
        levels=(Level.COMMUNE, Level.VILLAGE),
        required=False,
        help_text=_("Type the name of the village or commune in Khmer or English, or its code, and choose it."),
    )
    address_detail = forms.CharField(label=_("Place"), max_length=250, required=False)
    description = forms.CharField(
        label=_("Description"), max_length=DESCRIPTION_MAX, widget=forms.Textarea(attrs={"rows": 5}), required=False
    )
    reporter_group = forms.ChoiceField(label=_("Raised by"), choices=ReporterGroup.choices)
    anonymous = forms.BooleanField(label=_("The person stays anonymous"), required=False)
    reporter_name = forms.CharField(label=_("Name"), max_length=200, required=False)
    reporter_phone = forms.CharField(label=_("Phone"), max_length=20, required=False)
    reporter_email = forms.EmailField(label=_("Email"), required=False)
    confidential = forms.BooleanField(
        label=_("Confidential: only the handling unit sees who raised it"), required=False
    )
    attachments = MultipleFileField(
        label=_("Photos or PDF (at most %(count)s)") % {"count": MAX_ATTACHMENTS}, required=False
    )

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        since = timezone.localdate() - datetime.timedelta(days=365)
        self.fields["forum"].queryset = (
            Forum.objects.visible_to(user, perm=Perm.VOICE_RECORD).filter(held_on__gte=since).select_related("area")
        )
        self.fields["visit"].queryset = (
            HouseholdVisit.objects.visible_to(user, perm=Perm.VOICE_RECORD)
            .filter(visited_on__gte=since)
            .select_related("area")
        )
        self.fields["category"].queryset = Category.objects.filter(is_active=True)

    def clean(self):
        data = super().clean()
        channel = data.get("channel")
        if channel == Channel.FORUM and not data.get("forum"):
            self.add_error("forum", _("Choose the forum where it was heard."))
        if channel == Channel.VISIT and not data.get("visit"):
            self.add_error("visit", _("Choose the household visit where it was heard."))
        if channel != Channel.FORUM:
            data["forum"] = None
        if channel != Channel.VISIT:
            data["visit"] = None
        return data


class TransitionForm(forms.Form):
    status = forms.ChoiceField(label=_("New status"), choices=Status.choices)
    public_note = forms.CharField(
        label=_("Answer to the citizen (shown on the tracking page)"),
        max_length=NOTE_MAX,
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
    )
    internal_note = forms.CharField(
        label=_("Internal note (staff only)"),
        max_length=NOTE_MAX,
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
    )

    def __init__(self, *args, allowed: list[str] | None = None, **kwargs):
        super().__init__(*args, **kwargs)
        if allowed is not None:
            # Offer only what may follow; a posted status outside them reaches the service,
            # which refuses it with its message.
            self.fields["status"].widget.choices = [(s, Status(s).label) for s in allowed]


class RouteForm(forms.Form):
    authority = organisation_field("authority", _("Competent authority"))
    internal_note = forms.CharField(
        label=_("Internal note (staff only)"),
        max_length=NOTE_MAX,
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
    )

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["authority"].queryset = organisations_for(user, "authority")


class MergeForm(forms.Form):
    codes = forms.CharField(
        label=_("Tracking codes of the duplicates"),
        max_length=500,
        help_text=_("Separate several codes with spaces or commas."),
    )
    internal_note = forms.CharField(
        label=_("Internal note (staff only)"),
        max_length=NOTE_MAX,
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
    )

    def clean_codes(self) -> list[str]:
        raw = self.cleaned_data["codes"].replace(",", " ").split()
        codes = list(dict.fromkeys(normalise_tracking_code(code) for code in raw))
        if not codes:
            raise forms.ValidationError(_("Give at least one tracking code."))
        if len(codes) > 20:
            raise forms.ValidationError(_("Merge at most 20 concerns at a time."))
        return codes


class ActForm(forms.Form):
    kind = forms.ChoiceField(label=_("Action"), choices=ActionKind.choices)
    partner = organisation_field("partner", _("Partner (when mobilising resources)"), required=False)
    note = forms.CharField(label=_("What was done"), max_length=NOTE_MAX, widget=forms.Textarea(attrs={"rows": 3}))

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["partner"].queryset = organisations_for(user, "partner")


class MissionForm(forms.ModelForm):
    organiser = organisation_field("organiser", _("Organiser"))
    area = LocalizedChoiceField(label=_("Province"), queryset=Area.objects.none())

    class Meta:
        model = Mission
        fields = ["title_km", "title_en", "organiser", "area", "start_date", "end_date", "members", "purpose"]
        widgets = {
            "start_date": DATE_INPUT,
            "end_date": DATE_INPUT,
            "members": forms.Textarea(attrs={"rows": 3}),
            "purpose": forms.Textarea(attrs={"rows": 3}),
        }

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["organiser"].queryset = organisations_for(user, "organiser")
        self.fields["area"].queryset = Area.objects.filter(level=Level.PROVINCE).order_by("code")


def recent_missions(user):
    """Missions to choose from: those of the last two years (and the coming ones)."""
    since = timezone.localdate() - datetime.timedelta(days=730)
    return Mission.objects.visible_to(user).filter(end_date__gte=since).order_by("-start_date")


class ForumForm(forms.ModelForm):
    mission = LocalizedChoiceField(label=_("Mission"), queryset=Mission.objects.none(), required=False)
    organiser = organisation_field("organiser", _("Organiser"))
    area = AreaChoiceField(
        label=_("Place (province, district or commune)"),
        levels=(Level.PROVINCE, Level.DISTRICT, Level.COMMUNE),
        help_text=_("Type the name of an area of the forum's level in Khmer or English, or its code, and choose it."),
    )

    class Meta:
        model = Forum
        fields = [
            "mission",
            "level",
            "area",
            "held_on",
            "venue",
            "organiser",
            "organisers_note",
            "attendance_female",
            "attendance_male",
            "attendance_youth",
            "attendance_indigenous",
            "attendance_disability",
            "agenda",
            "minutes",
        ]
        widgets = {
            "held_on": DATE_INPUT,
            "agenda": forms.Textarea(attrs={"rows": 3}),
            "minutes": forms.Textarea(attrs={"rows": 5}),
        }

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["mission"].queryset = recent_missions(user)
        self.fields["organiser"].queryset = organisations_for(user, "organiser")
        self.fields["level"].choices = ForumLevel.choices
        if self.instance.pk:
            self.initial["area"] = self.instance.area_id


class VisitForm(forms.ModelForm):
    mission = LocalizedChoiceField(label=_("Mission"), queryset=Mission.objects.none(), required=False)
    organiser = organisation_field("organiser", _("Organiser"))
    area = AreaChoiceField(
        label=_("Village"),
        levels=(Level.VILLAGE,),
        help_text=_("Type the name of the village in Khmer or English, or its code, and choose it."),
    )

    class Meta:
        model = HouseholdVisit
        fields = ["mission", "team", "organiser", "area", "visited_on", "household", "notes"]
        widgets = {"visited_on": DATE_INPUT, "notes": forms.Textarea(attrs={"rows": 4})}

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["mission"].queryset = recent_missions(user)
        self.fields["organiser"].queryset = organisations_for(user, "organiser")
        if self.instance.pk:
            self.initial["area"] = self.instance.area_id


class ReportForm(forms.Form):
    area = AreaChoiceField(
        label=_("Area (empty: all of your scope)"),
        levels=(Level.PROVINCE, Level.DISTRICT, Level.COMMUNE),
        required=False,
    )
    start = forms.DateField(label=pgettext_lazy("period", "From"), widget=DATE_INPUT)
    end = forms.DateField(label=pgettext_lazy("period", "Until"), widget=DATE_INPUT)

    @staticmethod
    def outside_scope_message():
        return _("This area is outside your scope.")

    def clean_area(self) -> str:
        """The chosen area's code ("" for the whole of the user's scope), as the report takes it."""
        area = self.cleaned_data["area"]
        return area.code if area else ""

    def clean(self):
        data = super().clean()
        if data.get("start") and data.get("end"):
            if data["end"] < data["start"]:
                self.add_error("end", _("The end date cannot be before the start date."))
            elif (data["end"] - data["start"]).days > 366 * 5:
                self.add_error("end", _("A report covers at most five years."))
        return data
