"""An event's participant list from .xlsx or .csv, matched to the officials registry.

Each row is matched by national ID, else phone, else name and date of birth (in Khmer or in
Latin letters); a row that matches nobody registers a new official (it must then name their
unit, position and level). All or nothing: one rejected row and nothing is written; the
report lists every row as matched, new or rejected, with the reasons, in the user's language.
"""

from dataclasses import dataclass, field
from itertools import islice

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from frontline.accounts.roles import Perm
from frontline.core import spreadsheets
from frontline.core.formatting import format_number
from frontline.core.text import fold_latin, normalise_khmer
from frontline.geography.codes import subtree_q
from frontline.organisations.models import Organisation
from frontline.people import services as people_services
from frontline.people.importing import LEVEL_WORDS, SEX_WORDS, RowError
from frontline.people.models import Person

from .models import EnrolmentStatus, TrainingEvent
from .services.enrolment import event_enrol_many

MAX_ROWS = 20_000
COLUMNS = {
    "national_id": gettext_lazy("National ID"),
    "phone": gettext_lazy("Phone"),
    "family_name_km": gettext_lazy("Family name in Khmer"),
    "given_name_km": gettext_lazy("Given name in Khmer"),
    "family_name_latin": gettext_lazy("Family name in Latin letters"),
    "given_name_latin": gettext_lazy("Given name in Latin letters"),
    "birth_date": gettext_lazy("Date of birth, YYYY-MM-DD"),
    "sex": gettext_lazy("Sex: F or M (new people)"),
    "organisation_code": gettext_lazy("Organisation code (new people)"),
    "position": gettext_lazy("Position (new people)"),
    "level": gettext_lazy("Level: management or technical (new people)"),
}
REQUIRED_COLUMNS = ("family_name_km", "given_name_km")


class Outcome:
    MATCHED = "matched"
    NEW = "new"
    REJECTED = "rejected"


@dataclass
class ParticipantRow:
    number: int
    values: dict
    person: Person | None = None
    organisation: Organisation | None = None
    errors: list[str] = field(default_factory=list)
    registers: bool = False  # matches nobody: a new official

    @property
    def outcome(self) -> str:
        if self.errors:
            return Outcome.REJECTED
        return Outcome.NEW if self.registers else Outcome.MATCHED

    @property
    def name(self) -> str:
        return f"{self.values['family_name_km']} {self.values['given_name_km']}".strip()


@dataclass
class ParticipantReport:
    rows: list[ParticipantRow] = field(default_factory=list)
    file_error: str = ""
    enrolled: int = 0
    waitlisted: int = 0

    @property
    def ok(self) -> bool:
        return not self.file_error and not any(row.errors for row in self.rows)

    def count(self, outcome: str) -> int:
        return sum(1 for row in self.rows if row.outcome == outcome)

    @property
    def errors(self) -> list[RowError]:
        return [RowError(row.number, "", message) for row in self.rows for message in row.errors]


def _clean(number: int, values: dict) -> ParticipantRow:
    row = ParticipantRow(number, dict(values))
    clean = row.values
    for column in ("family_name_km", "given_name_km"):
        clean[column] = normalise_khmer(values.get(column, ""))
        if not clean[column]:
            row.errors.append(_("%(column)s: this column is required.") % {"column": COLUMNS[column]})
    for column in ("family_name_latin", "given_name_latin", "position", "organisation_code"):
        clean[column] = " ".join(values.get(column, "").split())
    for column in ("family_name_km", "given_name_km", "family_name_latin", "given_name_latin"):
        if len(clean[column]) > 80:
            row.errors.append(_("%(column)s: at most 80 characters.") % {"column": COLUMNS[column]})
    clean["national_id"] = people_services.normalise_national_id(values.get("national_id"))
    if clean["national_id"] and (len(clean["national_id"]) > 20 or not clean["national_id"].isalnum()):
        row.errors.append(_("National ID: only letters and digits, at most 20."))
    phone = values.get("phone", "")
    clean["phone"] = people_services.normalise_phone(phone)
    if phone and not 8 <= len(clean["phone"]) <= 12:
        row.errors.append(_("Phone: write a Cambodian phone number, such as 012 345 678."))
    birth = values.get("birth_date", "")
    clean["birth_date"] = spreadsheets.parse_date(birth) if birth else None
    if birth and clean["birth_date"] is None:
        row.errors.append(_("Date of birth: write the date as YYYY-MM-DD."))
    clean["sex"] = SEX_WORDS.get(values.get("sex", "").lower())
    if values.get("sex") and clean["sex"] is None:
        row.errors.append(_("Sex: write F or M."))
    clean["level"] = LEVEL_WORDS.get(values.get("level", "").lower())
    if values.get("level") and clean["level"] is None:
        row.errors.append(_("Level: write management or technical."))
    if not (clean["national_id"] or clean["phone"] or clean["birth_date"]):
        row.errors.append(_("Give a national ID, a phone number or a date of birth to recognise the person."))
    return row


def _identity_keys(values: dict) -> list[tuple]:
    """The ways a row may name a registered person, strongest first."""
    keys = []
    if values["national_id"]:
        keys.append(("id", values["national_id"]))
    if values["phone"]:
        keys.append(("phone", values["phone"]))
    if values["birth_date"]:
        keys.append(("km", values["family_name_km"], values["given_name_km"], values["birth_date"]))
        latin = fold_latin(f"{values['family_name_latin']} {values['given_name_latin']}").strip()
        if latin:
            keys.append(("latin", latin, values["birth_date"]))
    return keys


def _person_keys(person) -> list[tuple]:
    keys = []
    if person.national_id:
        keys.append(("id", person.national_id))
    if person.phone:
        keys.append(("phone", people_services.normalise_phone(person.phone)))
    if person.birth_date:
        keys.append(("km", person.family_name_km, person.given_name_km, person.birth_date))
        latin = fold_latin(f"{person.family_name_latin} {person.given_name_latin}").strip()
        if latin:
            keys.append(("latin", latin, person.birth_date))
    return keys


def _chunks(values, size: int = 2000):
    iterator = iter(values)
    while chunk := list(islice(iterator, size)):
        yield chunk


def _registry(rows: list[ParticipantRow]) -> dict[tuple, Person]:
    """Registered people any row may name. The whole registry is searched, not only the
    importer's scope: a person registered elsewhere must be enrolled, not registered twice.
    Nothing about a match is shown beyond the row's own text."""
    wanted = {
        "national_id__in": {r.values["national_id"] for r in rows if r.values["national_id"]},
        "phone__in": {r.values["phone"] for r in rows if r.values["phone"]},
        "birth_date__in": {r.values["birth_date"] for r in rows if r.values["birth_date"]},
    }
    found: dict[tuple, Person] = {}
    fields = (
        "id",
        "national_id",
        "phone",
        "birth_date",
        "family_name_km",
        "given_name_km",
        "family_name_latin",
        "given_name_latin",
        "sex",
        "organisation_id",
        "org_path",
        "area_code",
        "province_code",
        "level",
    )
    for lookup, values in wanted.items():
        for chunk in _chunks(sorted(values, key=str)):
            for person in Person.objects.filter(Q(**{lookup: chunk})).only(*fields):
                for key in _person_keys(person):
                    known = found.get(key)
                    # Two different people under one key (a shared phone, namesakes born the
                    # same day): the key recognises nobody.
                    found[key] = person if known is None or known.pk == person.pk else AMBIGUOUS
    return found


AMBIGUOUS = object()


def _names_agree(values: dict, person: Person) -> bool:
    """A phone number recognises its owner only with their name (phones change hands)."""
    same_khmer = (values["family_name_km"], values["given_name_km"]) == (person.family_name_km, person.given_name_km)
    latin = fold_latin(f"{values['family_name_latin']} {values['given_name_latin']}").strip()
    same_latin = bool(latin) and latin == fold_latin(f"{person.family_name_latin} {person.given_name_latin}").strip()
    return same_khmer or same_latin


def _recognise(values: dict, registry: dict) -> Person | object | None:
    """The registered person a row names: by the strongest key that recognises one."""
    for key in _identity_keys(values):
        person = registry.get(key)
        if person is AMBIGUOUS:
            return AMBIGUOUS
        if person is not None and (key[0] != "phone" or _names_agree(values, person)):
            return person
    return None


def _reachable(people: list[Person], event: TrainingEvent, user) -> set[int]:
    """Who the importer may enrol: officials in their nominating scope, and officials of the
    areas and units this event sets places aside for (the provinces invited to it)."""
    from frontline.accounts.scoping import any_of, scope_q

    quota_reach = [
        subtree_q("area_code", quota.area_code) if quota.area_id else subtree_q("org_path", quota.organisation_path)
        for quota in event.quotas.all()
    ]
    nominating = scope_q(
        user, Perm.LEARNING_NOMINATE, area_field="area_code", org_field="org_path", province_field="province_code"
    )
    condition = any_of(nominating, *quota_reach)
    if condition is None:
        return set()
    return set(Person.objects.filter(condition, pk__in=[p.pk for p in people]).values_list("pk", flat=True))


def _match(rows: list[ParticipantRow], event: TrainingEvent, user) -> None:
    registry = _registry(rows)
    reachable = _reachable([p for p in registry.values() if p is not AMBIGUOUS], event, user)
    enrolled = set(event.enrolments.exclude(status=EnrolmentStatus.WITHDRAWN).values_list("person_id", flat=True))
    codes = {r.values["organisation_code"] for r in rows if r.values["organisation_code"]}
    units = {
        unit.code: unit
        for unit in Organisation.objects.visible_to(user, perm=Perm.OFFICIALS_IMPORT).filter(code__in=codes)
    }
    seen: dict[int | tuple, int] = {}
    for row in rows:
        if row.errors:
            continue
        keys = _identity_keys(row.values)
        recognised = _recognise(row.values, registry)
        if recognised is AMBIGUOUS:
            row.errors.append(_("Several registered officials match this row: give their national ID."))
            continue
        row.person = recognised
        identity = row.person.pk if row.person else keys[0]
        if identity in seen:
            row.errors.append(_("The same person is already on row %(row)s.") % {"row": format_number(seen[identity])})
            continue
        seen[identity] = row.number
        if row.person is not None:
            if row.person.pk not in reachable:
                # Said without naming anyone: the importer learns nothing of people beyond reach.
                row.errors.append(_("This row names an official you may not put forward for this event."))
            elif row.values["national_id"] and row.person.national_id not in (None, row.values["national_id"]):
                row.errors.append(_("The national ID differs from the one registered for this person."))
            elif row.person.pk in enrolled:
                row.errors.append(_("%(name)s is already enrolled in this event.") % {"name": row.name})
            continue
        _check_new(row, units)


def _check_new(row: ParticipantRow, units: dict) -> None:
    """A row that matches nobody registers a new official: their unit, position and level."""
    values = row.values
    row.registers = True
    row.organisation = units.get(values["organisation_code"])
    if row.organisation is None:
        row.errors.append(
            _(
                "No registered official matches this row, and it names no organisation within your scope to "
                "register them in."
            )
        )
    for column, label in (("sex", COLUMNS["sex"]), ("position", COLUMNS["position"]), ("level", COLUMNS["level"])):
        if not values.get(column):
            row.errors.append(_("%(column)s: needed to register a new official.") % {"column": label})


def _register_new(rows: list[ParticipantRow], user) -> None:
    """Register the officials nobody matched, in one bulk write (audited, counted)."""
    newcomers = [row for row in rows if row.registers]
    fields = (
        "family_name_km",
        "given_name_km",
        "family_name_latin",
        "given_name_latin",
        "sex",
        "birth_date",
        "phone",
        "national_id",
        "position",
        "level",
    )
    today = timezone.localdate()
    people = people_services.officials_register_many(
        acting_user=user,
        entries=[
            {**{name: row.values[name] for name in fields}, "organisation": row.organisation, "start_date": today}
            for row in newcomers
        ],
    )
    for row, person in zip(newcomers, people, strict=True):
        row.person = person


def _table(upload, report: ParticipantReport) -> list[list[str]] | None:
    try:
        table = spreadsheets.read_table(upload, max_rows=MAX_ROWS, max_columns=len(COLUMNS) + 10)
    except spreadsheets.FileRejected as rejected:
        report.file_error = str(rejected)
        return None
    header = [spreadsheets.header_key(cell) for cell in table[0]]
    missing = [column for column in REQUIRED_COLUMNS if column not in header]
    if missing or not ({"national_id", "phone", "birth_date"} & set(header)):
        report.file_error = _(
            "Columns are missing: the first row must name the columns, with the Khmer names and a national ID, "
            "phone or date of birth column."
        )
        return None
    if len(table) - 1 > MAX_ROWS:
        report.file_error = _("Too many rows: at most %(limit)s at a time.") % {"limit": format_number(MAX_ROWS)}
        return None
    return table


def participants_import(*, acting_user, event: TrainingEvent, upload) -> ParticipantReport:
    """Check the whole file, then (only if every row is good) register and enrol everyone."""
    report = ParticipantReport()
    table = _table(upload, report)
    if table is None:
        return report
    header = [spreadsheets.header_key(cell) for cell in table[0]]
    positions = {name: header.index(name) for name in COLUMNS if name in header}
    for number, cells in enumerate(table[1:], start=2):
        values = {name: (cells[index] if index < len(cells) else "") for name, index in positions.items()}
        report.rows.append(_clean(number, {name: values.get(name, "") for name in COLUMNS}))
    _match(report.rows, event, acting_user)
    if not report.ok:
        return report
    try:
        with transaction.atomic():
            _register_new(report.rows, acting_user)
            enrolments = event_enrol_many(
                acting_user=acting_user, event=event, people=[row.person for row in report.rows]
            )
    except ValidationError as error:
        report.file_error = " ".join(error.messages)
        return report
    report.enrolled = sum(1 for e in enrolments if e.status == EnrolmentStatus.ENROLLED)
    report.waitlisted = len(enrolments) - report.enrolled
    return report


def template_csv() -> str:
    return spreadsheets.template_csv(COLUMNS)
