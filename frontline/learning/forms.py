"""Forms of capacity development. Every choice of a record is limited to what the user may reach."""

from django import forms
from django.utils.translation import gettext_lazy as _

from frontline.accounts.roles import Perm
from frontline.core.formatting import format_number, localized
from frontline.geography.fields import AreaChoiceField
from frontline.geography.models import Level
from frontline.organisations.models import Organisation, OrgKind
from frontline.people.models import Person, PostLevel

from .models import (
    AssessmentKind,
    BudgetLine,
    Competency,
    CurriculumModule,
    Enrolment,
    EventStatus,
    PerformanceIndicator,
    Priority,
    Programme,
    ProgrammePartner,
    ProgrammePhase,
    QualificationSubject,
    SessionPart,
    TargetGroup,
    Trainer,
    TrainerQualification,
    TrainerRole,
    TrainingEvent,
)

INSTITUTION_KINDS = (OrgKind.TRAINING_INSTITUTION, OrgKind.MINISTRY, OrgKind.INSTITUTION, OrgKind.PARTNER)
DATE_INPUT = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")
DATETIME_INPUT = forms.DateTimeInput(attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M")


class LocalizedChoiceField(forms.ModelChoiceField):
    """Choices labelled in the page's language (name_km or name_en, title_km or title_en)."""

    def label_from_instance(self, obj) -> str:
        return localized(obj, "title") if hasattr(obj, "title_en") else localized(obj) or str(obj)


class LocalizedMultipleChoiceField(forms.ModelMultipleChoiceField):
    def label_from_instance(self, obj) -> str:
        return localized(obj) or str(obj)


class AreaCodeField(AreaChoiceField):
    """A province, district or commune: picked by name in the search box with suggestions, or
    typed as its NCDD code (see geography.fields)."""

    def __init__(self, **kwargs):
        super().__init__(levels=(Level.PROVINCE, Level.DISTRICT, Level.COMMUNE), **kwargs)


class ProgrammeForm(forms.ModelForm):
    institution = LocalizedChoiceField(label=_("Training institution"), queryset=Organisation.objects.none())
    competencies = LocalizedMultipleChoiceField(
        label=_("Competencies built"),
        queryset=Competency.objects.all(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    target_groups = LocalizedMultipleChoiceField(
        label=_("Target groups"),
        queryset=TargetGroup.objects.all(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    required_subjects = LocalizedMultipleChoiceField(
        label=_("Trainer qualifications required"),
        queryset=QualificationSubject.objects.all(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )

    class Meta:
        model = Programme
        fields = [
            "code",
            "title_km",
            "title_en",
            "summary_km",
            "summary_en",
            "institution",
            "competencies",
            "target_groups",
            "required_subjects",
            "min_attendance_pct",
            "requires_post_test",
            "pass_mark_pct",
        ]

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["institution"].queryset = Organisation.objects.visible_to(
            user, perm=Perm.ORGANISATIONS_VIEW
        ).filter(kind__in=INSTITUTION_KINDS)
        if self.instance.pk:
            self.fields["code"].disabled = True


class VersionForm(forms.Form):
    effective_from = forms.DateField(label=_("In use from"), widget=DATE_INPUT)
    notes = forms.CharField(label=_("What changed"), required=False, widget=forms.Textarea(attrs={"rows": 3}))
    copy_modules = forms.BooleanField(label=_("Start from the modules of the latest version"), required=False)


class ModuleForm(forms.ModelForm):
    competencies = LocalizedMultipleChoiceField(
        label=_("Competencies"),
        queryset=Competency.objects.all(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )

    class Meta:
        model = CurriculumModule
        fields = ["title_km", "title_en", "outcomes_km", "outcomes_en", "hours", "delivery_mode", "competencies"]
        widgets = {
            "outcomes_km": forms.Textarea(attrs={"rows": 3}),
            "outcomes_en": forms.Textarea(attrs={"rows": 3}),
        }


class EventForm(forms.ModelForm):
    programme = LocalizedChoiceField(label=_("Programme"), queryset=Programme.objects.none())
    area = AreaCodeField(label=_("Area"))
    organiser = LocalizedChoiceField(label=_("Organiser"), queryset=Organisation.objects.none())
    funder = LocalizedChoiceField(label=_("Funding partner"), queryset=Organisation.objects.none(), required=False)
    target_groups = LocalizedMultipleChoiceField(
        label=_("Target groups"),
        queryset=TargetGroup.objects.all(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    title_km = forms.CharField(
        label=_("Title in Khmer"),
        max_length=250,
        required=False,
        help_text=_("Leave empty to use the programme's title."),
    )
    title_en = forms.CharField(label=_("Title in English"), max_length=250, required=False)

    class Meta:
        model = TrainingEvent
        fields = [
            "programme",
            "title_km",
            "title_en",
            "start_date",
            "end_date",
            "venue",
            "area",
            "organiser",
            "funder",
            "opening_guests",
            "target_groups",
            "capacity",
        ]
        widgets = {
            "start_date": DATE_INPUT,
            "end_date": DATE_INPUT,
            "opening_guests": forms.Textarea(attrs={"rows": 2}),
        }

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["programme"].queryset = Programme.objects.visible_to(user).filter(is_active=True)
        self.fields["organiser"].queryset = Organisation.objects.visible_to(user, perm=Perm.LEARNING_MANAGE)
        self.fields["funder"].queryset = Organisation.objects.visible_to(user, perm=Perm.ORGANISATIONS_VIEW).filter(
            kind__in=INSTITUTION_KINDS
        )
        if self.instance.pk:
            del self.fields["programme"]
            self.initial["area"] = self.instance.area_id

    def clean(self):
        data = super().clean()
        start, end = data.get("start_date"), data.get("end_date")
        if start and end and end < start:
            self.add_error("end_date", _("The event cannot end before it starts."))
        for field in ("title_km", "title_en"):
            if not data.get(field):
                data.pop(field, None)
        return data


class StatusForm(forms.Form):
    status = forms.ChoiceField(label=_("New status"), choices=EventStatus.choices)
    reason = forms.CharField(label=_("Reason"), required=False, widget=forms.Textarea(attrs={"rows": 2}))


class QuotaForm(forms.Form):
    area = AreaCodeField(label=_("Area"), required=False)
    organisation = LocalizedChoiceField(label=_("Or a unit"), queryset=Organisation.objects.none(), required=False)
    places = forms.IntegerField(label=_("Places"), min_value=0, max_value=100_000, help_text=_("0 removes the quota."))

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["organisation"].queryset = Organisation.objects.visible_to(user, perm=Perm.ORGANISATIONS_VIEW)

    def clean(self):
        data = super().clean()
        if bool(data.get("area")) == bool(data.get("organisation")):
            raise forms.ValidationError(_("A quota is for one area or for one unit."))
        return data


class BudgetLineForm(forms.ModelForm):
    class Meta:
        model = BudgetLine
        fields = ["category", "planned", "actual", "note"]


class TrainerAssignForm(forms.Form):
    trainer = forms.ModelChoiceField(label=_("Trainer"), queryset=Trainer.objects.none())
    role = forms.ChoiceField(label=_("Role"), choices=TrainerRole.choices)
    exception_reason = forms.CharField(
        label=_("Reason for an exception"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text=_("Needed only when the trainer lacks a qualification the programme requires."),
    )

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["trainer"].queryset = (
            Trainer.objects.visible_to(user).filter(is_active=True).select_related("person")
        )


class EnrolForm(forms.Form):
    person = forms.IntegerField(label=_("Official"), min_value=1, max_value=2**62, widget=forms.HiddenInput)

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.user = user

    def clean_person(self) -> Person:
        people = Person.objects.visible_to(self.user, perm=Perm.LEARNING_NOMINATE).officials()
        person = people.filter(pk=self.cleaned_data["person"]).first()
        if person is None:
            raise forms.ValidationError(_("Choose an official within your scope."))
        return person


class TestForm(forms.Form):
    kind = forms.ChoiceField(label=_("Test"), choices=AssessmentKind.choices)
    opens_at = forms.DateTimeField(label=_("Opens at"), widget=DATETIME_INPUT)
    closes_at = forms.DateTimeField(label=_("Closes at"), widget=DATETIME_INPUT)
    question_count = forms.IntegerField(label=_("Number of questions"), min_value=1, max_value=200, initial=10)

    def clean(self):
        data = super().clean()
        if data.get("opens_at") and data.get("closes_at") and data["closes_at"] <= data["opens_at"]:
            self.add_error("closes_at", _("A test must close after it opens."))
        return data


class TrainerForm(forms.Form):
    person = forms.IntegerField(label=_("Official"), min_value=1, max_value=2**62, widget=forms.HiddenInput)
    institution = LocalizedChoiceField(
        label=_("Training institution"), queryset=Organisation.objects.none(), required=False
    )

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.user = user
        self.fields["institution"].queryset = Organisation.objects.visible_to(
            user, perm=Perm.ORGANISATIONS_VIEW
        ).filter(kind__in=INSTITUTION_KINDS)

    def clean_person(self) -> Person:
        person = Person.objects.visible_to(self.user).filter(pk=self.cleaned_data["person"]).first()
        if person is None:
            raise forms.ValidationError(_("Choose an official within your scope."))
        return person


class QualificationForm(forms.ModelForm):
    subject = LocalizedChoiceField(label=_("Subject"), queryset=QualificationSubject.objects.all())

    class Meta:
        model = TrainerQualification
        fields = ["subject", "certificate", "issued_on", "issuing_body", "valid_until"]
        widgets = {"issued_on": DATE_INPUT, "valid_until": DATE_INPUT}


class RevokeForm(forms.Form):
    reason = forms.CharField(label=_("Reason"), widget=forms.Textarea(attrs={"rows": 2}), max_length=1000)


class NeedsStartForm(forms.Form):
    unit = LocalizedChoiceField(label=_("Unit"), queryset=Organisation.objects.none())
    year = forms.IntegerField(label=_("Year"), min_value=2000, max_value=2100)
    notes = forms.CharField(label=_("Notes"), required=False, widget=forms.Textarea(attrs={"rows": 2}))

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["unit"].queryset = Organisation.objects.visible_to(user, perm=Perm.NEEDS_FILE)


class NeedForm(forms.Form):
    competency = LocalizedChoiceField(label=_("Competency lacking"), queryset=Competency.objects.all())
    staff = forms.IntegerField(label=_("Staff who need it"), min_value=1, max_value=100_000)
    priority = forms.ChoiceField(label=_("Priority"), choices=Priority.choices, initial=Priority.MEDIUM)
    evidence = forms.CharField(
        label=_("Evidence"),
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text=_("What shows the need: an assessment, complaints, a new duty..."),
    )


class PlanForm(forms.Form):
    year = forms.IntegerField(label=_("Year"), min_value=2000, max_value=2100)
    title_km = forms.CharField(label=_("Title in Khmer"), max_length=250)
    title_en = forms.CharField(label=_("Title in English"), max_length=250)
    area = AreaCodeField(label=_("Area"), required=False, help_text=_("Empty for a national plan."))
    organisation = LocalizedChoiceField(
        label=_("Or an organisation"), queryset=Organisation.objects.none(), required=False
    )

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["organisation"].queryset = Organisation.objects.visible_to(user, perm=Perm.NEEDS_PLAN)


class PlanItemForm(forms.Form):
    target = forms.IntegerField(label=_("Officials to train"), min_value=0, max_value=1_000_000)
    budget = forms.IntegerField(label=_("Budget (riel)"), min_value=0, max_value=10**15)
    programme = LocalizedChoiceField(label=_("Programme"), queryset=Programme.objects.none(), required=False)

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["programme"].queryset = Programme.objects.visible_to(user)


class StrategicPlanForm(forms.Form):
    title_km = forms.CharField(label=_("Title in Khmer"), max_length=250)
    title_en = forms.CharField(label=_("Title in English"), max_length=250)
    owner = LocalizedChoiceField(label=_("Owner"), queryset=Organisation.objects.none())
    start_year = forms.IntegerField(label=_("First year"), min_value=2000, max_value=2100)
    end_year = forms.IntegerField(label=_("Last year"), min_value=2000, max_value=2100)
    national = forms.BooleanField(label=_("Counts officials of the whole country"), required=False, initial=True)

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["owner"].queryset = Organisation.objects.visible_to(user, perm=Perm.NEEDS_PLAN)

    def clean(self):
        data = super().clean()
        if data.get("start_year") and data.get("end_year") and data["end_year"] < data["start_year"]:
            self.add_error("end_year", _("The last year cannot come before the first."))
        return data


class TargetForm(forms.Form):
    year = forms.IntegerField(label=_("Year"), min_value=2000, max_value=2100)
    level = forms.ChoiceField(label=_("Level"), choices=[("", _("Both levels")), *PostLevel.choices], required=False)
    officials = forms.IntegerField(label=_("Officials to train"), min_value=0, max_value=10_000_000)


class IndicatorValueForm(forms.Form):
    unit = LocalizedChoiceField(label=_("Unit"), queryset=Organisation.objects.none())
    indicator = LocalizedChoiceField(label=_("Indicator"), queryset=PerformanceIndicator.objects.all())
    period = forms.DateField(
        label=_("Month"),
        widget=forms.DateInput(attrs={"type": "month"}, format="%Y-%m"),
        input_formats=["%Y-%m", "%Y-%m-%d"],
    )
    value = forms.FloatField(label=_("Value"), min_value=-1e12, max_value=1e12)

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["unit"].queryset = Organisation.objects.visible_to(user, perm=Perm.NEEDS_FILE)


class FollowUpRequestForm(forms.Form):
    enrolment = forms.ModelChoiceField(label=_("Participant"), queryset=Enrolment.objects.none())
    supervisor_name = forms.CharField(label=_("Supervisor's name"), max_length=200)
    supervisor_phone = forms.CharField(label=_("Supervisor's phone"), max_length=20, required=False)

    def __init__(self, *args, event, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["enrolment"].queryset = event.enrolments.filter(completed=True, follow_up__isnull=True)
        self.fields["enrolment"].label_from_instance = lambda enrolment: str(enrolment.person)


class PartnerForm(forms.ModelForm):
    organisation = LocalizedChoiceField(label=_("Partner"), queryset=Organisation.objects.none())

    class Meta:
        model = ProgrammePartner
        fields = ["organisation", "role", "agreement", "start_date", "end_date"]
        widgets = {"start_date": DATE_INPUT, "end_date": DATE_INPUT}

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["organisation"].queryset = Organisation.objects.visible_to(user, perm=Perm.ORGANISATIONS_VIEW)


class PhaseForm(forms.ModelForm):
    class Meta:
        model = ProgrammePhase
        fields = ["start_date", "end_date", "planned_target_groups", "planned_officials"]
        widgets = {"start_date": DATE_INPUT, "end_date": DATE_INPUT}


class QuestionForm(forms.Form):
    """A question and up to four answers, in Khmer and English, one of them right."""

    text_km = forms.CharField(label=_("Question in Khmer"), max_length=2000, widget=forms.Textarea(attrs={"rows": 2}))
    text_en = forms.CharField(label=_("Question in English"), max_length=2000, widget=forms.Textarea(attrs={"rows": 2}))
    correct = forms.TypedChoiceField(
        label=_("The right answer"),
        coerce=int,
        choices=[(n, str(n)) for n in range(1, 5)],
        widget=forms.RadioSelect,
        initial=1,
    )
    ANSWERS = 4

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for number in range(1, self.ANSWERS + 1):
            required = number <= 2
            self.fields[f"answer_{number}_km"] = forms.CharField(
                label=_("Answer %(n)s in Khmer") % {"n": format_number(number)}, max_length=500, required=required
            )
            self.fields[f"answer_{number}_en"] = forms.CharField(
                label=_("Answer %(n)s in English") % {"n": format_number(number)}, max_length=500, required=required
            )
        self.fields["correct"].choices = [(n, format_number(n)) for n in range(1, self.ANSWERS + 1)]

    def clean(self):
        data = super().clean()
        choices = []
        for number in range(1, self.ANSWERS + 1):
            km, en = data.get(f"answer_{number}_km", ""), data.get(f"answer_{number}_en", "")
            if km or en:
                if not (km and en):
                    self.add_error(
                        f"answer_{number}_km" if not km else f"answer_{number}_en",
                        _("Give this answer in both languages."),
                    )
                choices.append((number, km, en))
        if data.get("correct") and data["correct"] not in {number for number, _km, _en in choices}:
            self.add_error("correct", _("Mark one of the answers given as the right one."))
        data["choices"] = choices
        return data


class SessionForm(forms.Form):
    date = forms.DateField(label=_("Date"), widget=DATE_INPUT)
    part = forms.ChoiceField(label=_("Part of the day"), choices=SessionPart.choices)
    topic = forms.CharField(label=_("Topic"), max_length=250, required=False)
