"""All-or-nothing import of officials from .xlsx or .csv.

Every row is checked first; one bad row means nothing is written and the user gets a
row-by-row, column-by-column report in their language. Rows are matched to people
already registered (national ID, else Khmer or Latin names with date of birth), so
importing the same file twice does not duplicate anyone.
"""

from dataclasses import dataclass, field

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from frontline.accounts.roles import Perm
from frontline.core import spreadsheets
from frontline.core.formatting import format_number
from frontline.core.text import fold_latin, normalise_khmer
from frontline.organisations.models import Organisation

from . import services
from .models import Person, Post, PostLevel, Sex

MAX_ROWS = 50_000
MAX_COLUMNS = 40  # the columns below with room for a few of the user's own

COLUMNS = {
    "national_id": gettext_lazy("National ID (optional)"),
    "family_name_km": gettext_lazy("Family name in Khmer"),
    "given_name_km": gettext_lazy("Given name in Khmer"),
    "family_name_latin": gettext_lazy("Family name in Latin letters"),
    "given_name_latin": gettext_lazy("Given name in Latin letters"),
    "sex": gettext_lazy("Sex: F or M"),
    "birth_date": gettext_lazy("Date of birth, YYYY-MM-DD"),
    "phone": gettext_lazy("Phone"),
    "organisation_code": gettext_lazy("Organisation code"),
    "position": gettext_lazy("Position"),
    "grade": gettext_lazy("Grade (optional)"),
    "level": gettext_lazy("Level: management or technical"),
    "start_date": gettext_lazy("Start date of the post, YYYY-MM-DD"),
}
REQUIRED = ("family_name_km", "given_name_km", "sex", "organisation_code", "position", "level", "start_date")
SEX_WORDS = {
    "f": Sex.FEMALE,
    "female": Sex.FEMALE,
    "ស្រី": Sex.FEMALE,
    "m": Sex.MALE,
    "male": Sex.MALE,
    "ប្រុស": Sex.MALE,
}
LEVEL_WORDS = {
    "management": PostLevel.MANAGEMENT,
    "ថ្នាក់ដឹកនាំ": PostLevel.MANAGEMENT,
    "technical": PostLevel.TECHNICAL,
    "បច្ចេកទេស": PostLevel.TECHNICAL,
}


@dataclass
class RowError:
    row: int
    column: str
    message: str


@dataclass
class ImportReport:
    errors: list[RowError] = field(default_factory=list)
    file_error: str = ""
    created: int = 0
    updated: int = 0
    unchanged: int = 0
    rows: int = 0

    @property
    def ok(self) -> bool:
        return not self.errors and not self.file_error


@dataclass
class _Row:
    number: int
    values: dict
    person: Person | None = None
    organisation: Organisation | None = None


def template_csv() -> str:
    return spreadsheets.template_csv(COLUMNS)


def _header_map(header: list[str]) -> dict[str, int]:
    positions = {}
    for index, name in enumerate(header):
        key = spreadsheets.header_key(name)
        if key in COLUMNS and key not in positions:
            positions[key] = index
    return positions


def _check_row(number: int, values: dict, report: ImportReport) -> dict:
    """Turn one row's texts into typed values, adding an error per bad cell."""
    clean: dict = {}

    def fail(column: str, message: str) -> None:
        report.errors.append(RowError(number, column, message))

    for column in REQUIRED:
        if not values.get(column):
            fail(column, _("This column is required."))
    for column in ("family_name_km", "given_name_km", "family_name_latin", "given_name_latin"):
        text = values.get(column, "")
        if len(text) > 80:
            fail(column, _("At most 80 characters."))
        clean[column] = normalise_khmer(text) if column.endswith("_km") else " ".join(text.split())
    sex = SEX_WORDS.get(values.get("sex", "").lower())
    if values.get("sex") and sex is None:
        fail("sex", _("Write F or M."))
    clean["sex"] = sex
    level = LEVEL_WORDS.get(values.get("level", "").lower())
    if values.get("level") and level is None:
        fail("level", _("Write management or technical."))
    clean["level"] = level
    for column in ("birth_date", "start_date"):
        text = values.get(column, "")
        parsed = spreadsheets.parse_date(text) if text else None
        if text and parsed is None:
            fail(column, _("Write the date as YYYY-MM-DD."))
        clean[column] = parsed
    for column, message in services.date_problems(
        birth_date=clean["birth_date"], start_date=clean["start_date"]
    ).items():
        fail(column, message)
    phone = values.get("phone", "")
    if phone and not phone.replace(" ", "").lstrip("+").isdigit():
        fail("phone", _("A phone number has only digits, spaces and a leading +."))
    clean["phone"] = phone[:20]
    clean["national_id"] = services.normalise_national_id(values.get("national_id"))
    if clean["national_id"] and (len(clean["national_id"]) > 20 or not clean["national_id"].isalnum()):
        fail("national_id", _("A national ID has only letters and digits (at most 20)."))
    for column, limit in (("position", 120), ("grade", 20), ("organisation_code", 40)):
        clean[column] = values.get(column, "")
        if len(clean[column]) > limit:
            fail(column, _("At most %(limit)s characters.") % {"limit": format_number(limit)})
    return clean


def _identity_keys(values: dict) -> list[tuple]:
    """How a row is recognised: by national ID when it has one, else by names with birth date."""
    if values["national_id"]:
        return [("id", values["national_id"])]
    keys = []
    if values["birth_date"]:
        keys.append(("km", values["family_name_km"], values["given_name_km"], values["birth_date"]))
        if values["family_name_latin"]:
            latin = fold_latin(f"{values['family_name_latin']} {values['given_name_latin']}")
            keys.append(("latin", latin, values["birth_date"]))
    return keys


def _find_people(rows: list[_Row]) -> dict[tuple, Person]:
    """Registered people matching any row, by national ID or names with birth date.

    Deliberately unscoped: a person registered elsewhere must not be registered twice.
    `_resolve` then refuses rows whose person lies outside the importer's scope, without
    showing anything about that person.
    """
    ids = {row.values["national_id"] for row in rows if row.values["national_id"]}
    births = {row.values["birth_date"] for row in rows if row.values["birth_date"]}
    found: dict[tuple, Person] = {}
    candidates = Person.objects.none()
    if ids:
        candidates = candidates | Person.objects.filter(national_id__in=ids)
    if births:
        candidates = candidates | Person.objects.filter(birth_date__in=births)
    for person in candidates.select_related("organisation"):
        if person.national_id:
            found[("id", person.national_id)] = person
        if person.birth_date and not person.national_id:
            found.setdefault(("km", person.family_name_km, person.given_name_km, person.birth_date), person)
            latin = fold_latin(f"{person.family_name_latin} {person.given_name_latin}").strip()
            if latin:
                found.setdefault(("latin", latin, person.birth_date), person)
    return found


def _resolve(rows: list[_Row], user, report: ImportReport) -> None:
    codes = {row.values["organisation_code"] for row in rows}
    in_scope = {
        organisation.code: organisation
        for organisation in Organisation.objects.visible_to(user, perm=Perm.OFFICIALS_IMPORT).filter(code__in=codes)
    }
    registered = _find_people(rows)
    visible = set(
        Person.objects.visible_to(user, perm=Perm.OFFICIALS_IMPORT)
        .filter(pk__in=[person.pk for person in registered.values()])
        .values_list("pk", flat=True)
    )
    current_starts = dict(
        Post.objects.filter(person__in=list(registered.values()), end_date__isnull=True).values_list(
            "person_id", "start_date"
        )
    )
    seen: dict[tuple, int] = {}
    for row in rows:
        values = row.values
        row.organisation = in_scope.get(values["organisation_code"])
        if values["organisation_code"] and row.organisation is None:
            report.errors.append(
                RowError(row.number, "organisation_code", _("No organisation with this code within your scope."))
            )
        for key in _identity_keys(values):
            if key in seen:
                report.errors.append(
                    RowError(
                        row.number,
                        "national_id" if key[0] == "id" else "family_name_km",
                        _("The same person is already on row %(row)s.") % {"row": format_number(seen[key])},
                    )
                )
                break
            seen[key] = row.number
        row.person = next((registered[key] for key in _identity_keys(values) if key in registered), None)
        # Everyone matched must be someone the importer may see: a person without a current
        # post is seen only nationally, and would otherwise be overwritten from any province.
        if row.person is not None and row.person.pk not in visible:
            report.errors.append(
                RowError(row.number, "national_id", _("This person is registered outside your scope."))
            )
        current_start = current_starts.get(row.person.pk) if row.person else None
        if current_start and values["start_date"] and _post_changes(row) and values["start_date"] <= current_start:
            report.errors.append(
                RowError(row.number, "start_date", _("A new post must start after the current post started."))
            )


def _post_changes(row: _Row) -> bool:
    person, values = row.person, row.values
    return (
        person.organisation_id != (row.organisation.pk if row.organisation else None)
        or person.position != values["position"]
        or person.level != values["level"]
    )


def _apply(rows: list[_Row], user, report: ImportReport) -> None:
    person_fields = (
        "family_name_km",
        "given_name_km",
        "family_name_latin",
        "given_name_latin",
        "sex",
        "birth_date",
        "phone",
        "national_id",
    )
    for row in rows:
        values = row.values
        if row.person is None:
            services.official_create(
                acting_user=user,
                organisation=row.organisation,
                position=values["position"],
                level=values["level"],
                grade=values["grade"],
                start_date=values["start_date"],
                **{name: values[name] for name in person_fields},
            )
            report.created += 1
            continue
        changed = {
            name: values[name] for name in person_fields if values[name] and getattr(row.person, name) != values[name]
        }
        post_changed = _post_changes(row)
        if changed:
            services.person_update(acting_user=user, person=row.person, **changed)
        if post_changed:
            services.post_start(
                acting_user=user,
                person=row.person,
                organisation=row.organisation,
                position=values["position"],
                level=values["level"],
                grade=values["grade"],
                start_date=values["start_date"],
            )
        if changed or post_changed:
            report.updated += 1
        else:
            report.unchanged += 1


def officials_import(*, acting_user, upload) -> ImportReport:
    report = ImportReport()
    try:
        table = spreadsheets.read_table(upload, max_rows=MAX_ROWS, max_columns=MAX_COLUMNS)
    except spreadsheets.FileRejected as rejected:
        report.file_error = str(rejected)
        return report
    positions = _header_map(table[0])
    missing = [name for name in REQUIRED if name not in positions]
    if missing:
        report.file_error = _("Columns are missing: %(columns)s. The first row must name the columns.") % {
            "columns": ", ".join(missing)
        }
        return report
    if len(table) - 1 > MAX_ROWS:
        report.file_error = _("Too many rows: at most %(limit)s at a time.") % {"limit": format_number(MAX_ROWS)}
        return report
    rows = []
    for number, cells in enumerate(table[1:], start=2):
        values = {name: cells[index] if index < len(cells) else "" for name, index in positions.items()}
        rows.append(_Row(number, _check_row(number, values, report)))
    report.rows = len(rows)
    if report.errors:
        return report
    _resolve(rows, acting_user, report)
    if report.errors:
        return report
    try:
        with transaction.atomic():
            _apply(rows, acting_user, report)
    except ValidationError as error:
        report.created = report.updated = report.unchanged = 0
        report.file_error = " ".join(error.messages)
    return report
