import io
import re
import zipfile

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import translation
from openpyxl import Workbook

from frontline.accounts.roles import Role
from frontline.people.importing import COLUMNS, officials_import
from frontline.people.models import Person, Post

pytestmark = pytest.mark.django_db
HEADER = list(COLUMNS)


def csv_file(rows, name="officials.csv"):
    lines = [",".join(HEADER)] + [",".join(row) for row in rows]
    return SimpleUploadedFile(name, ("\n".join(lines) + "\n").encode("utf-8"), content_type="text/csv")


def row(
    national_id="110000099",
    family_km="ចាន់",
    given_km="ស្រីពៅ",
    sex="F",
    org="dosvy-11",
    start="2023-03-01",
    birth="1990-05-04",
):
    return [
        national_id,
        family_km,
        given_km,
        "Chan",
        "Sreypov",
        sex,
        birth,
        "012345678",
        org,
        "Social worker",
        "",
        "technical",
        start,
    ]


def test_good_file_imports_and_reimport_does_not_duplicate(users, orgs):
    user = users[Role.PROVINCIAL_OFFICER]
    report = officials_import(acting_user=user, upload=csv_file([row(), row("110000100", given_km="សុភា")]))
    assert report.ok, report.errors
    assert report.created == 2
    again = officials_import(acting_user=user, upload=csv_file([row(), row("110000100", given_km="សុភា")]))
    assert again.ok and again.created == 0 and again.unchanged == 2
    assert Person.objects.filter(national_id__in=["110000099", "110000100"]).count() == 2


def test_person_matched_by_khmer_name_and_birth_date_gets_new_post(users, orgs):
    user = users[Role.PROVINCIAL_OFFICER]
    officials_import(acting_user=user, upload=csv_file([row(national_id="")]))
    moved = row(national_id="", org="admin-1101", start="2024-06-01")
    report = officials_import(acting_user=user, upload=csv_file([moved]))
    assert report.ok and report.updated == 1
    person = Person.objects.get(family_name_km="ចាន់", given_name_km="ស្រីពៅ")
    assert person.organisation.code == "admin-1101"
    assert Post.objects.filter(person=person).count() == 2


def test_any_bad_row_imports_nothing_and_reports_each_cell(users, orgs):
    user = users[Role.PROVINCIAL_OFFICER]
    rows = [row(), row("110000101", sex="X", start="01/13/2020"), row("110000102", org="dosvy-08")]
    report = officials_import(acting_user=user, upload=csv_file(rows))
    assert not report.ok
    problems = {(error.row, error.column) for error in report.errors}
    assert (3, "sex") in problems and (3, "start_date") in problems
    assert Person.objects.count() == 0
    # the Kandal unit is outside a Mondulkiri officer's scope
    second = officials_import(acting_user=user, upload=csv_file([row(), row("110000102", org="dosvy-08")]))
    assert [(e.row, e.column) for e in second.errors] == [(3, "organisation_code")]
    assert Person.objects.count() == 0


def test_duplicate_rows_in_one_file_are_refused(users, orgs):
    report = officials_import(acting_user=users[Role.NATIONAL_ADMIN], upload=csv_file([row(), row()]))
    assert [(e.row, e.column) for e in report.errors] == [(3, "national_id")]


def xlsx_bytes(rows) -> bytes:
    workbook = Workbook()
    for values in rows:
        workbook.active.append(values)
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def rezipped(content: bytes, change) -> bytes:
    """The workbook with each member's bytes passed through change(name, data)."""
    source, target = zipfile.ZipFile(io.BytesIO(content)), io.BytesIO()
    with zipfile.ZipFile(target, "w", zipfile.ZIP_DEFLATED) as out:
        for info in source.infolist():
            out.writestr(info.filename, change(info.filename, source.read(info.filename)))
    return target.getvalue()


def test_xlsx_is_read(users, orgs):
    upload = SimpleUploadedFile("officials.xlsx", xlsx_bytes([HEADER, row()]))
    report = officials_import(acting_user=users[Role.NATIONAL_ADMIN], upload=upload)
    assert report.ok and report.created == 1


@pytest.mark.parametrize(
    ("name", "content", "expected"),
    [
        ("photo.png", b"\x89PNG\r\n", "not a spreadsheet"),
        ("fake.xlsx", b"PK\x03\x04garbage", "not a spreadsheet"),
        ("officials.csv", b"name,colour\nx,y\n", "Columns are missing"),
        ("empty.csv", b"", "empty"),
    ],
)
def test_files_that_are_not_officials_are_refused(users, name, content, expected):
    with translation.override("en"):
        report = officials_import(acting_user=users[Role.NATIONAL_ADMIN], upload=SimpleUploadedFile(name, content))
    assert expected in report.file_error
    assert Person.objects.count() == 0


def test_too_large_file_is_refused(users, settings):
    settings.IMPORT_MAX_BYTES = 100
    with translation.override("en"):
        report = officials_import(acting_user=users[Role.NATIONAL_ADMIN], upload=csv_file([row(), row("2")]))
    assert "too large" in report.file_error


def test_import_page_shows_the_report_in_the_users_language(client, users, orgs):
    client.force_login(users[Role.PROVINCIAL_OFFICER])
    response = client.post("/en/officials/import/", {"file": csv_file([row(sex="X")])})
    assert response.status_code == 400
    assert "Write F or M." in response.content.decode()
    response = client.post("/km/officials/import/", {"file": csv_file([row(sex="X")])})
    assert response.status_code == 400
    assert "សូមសរសេរ F ឬ M។" in response.content.decode()
    assert "Write F or M." not in response.content.decode()
    assert Person.objects.count() == 0


def test_person_without_a_current_post_outside_scope_is_not_overwritten(users, orgs, officials):
    import datetime

    from frontline.people.services import post_end

    person = officials["in_kandal"]
    post_end(acting_user=None, post=person.posts.get(), end_date=datetime.date(2024, 1, 1))
    takeover = row(national_id=person.national_id, family_km="ក្លែង", given_km="ក្លាយ")
    report = officials_import(acting_user=users[Role.PROVINCIAL_OFFICER], upload=csv_file([takeover]))
    assert [(e.row, e.column) for e in report.errors] == [(2, "national_id")]
    person.refresh_from_db()
    assert person.family_name_km == "លី" and person.organisation_id is None
    assert Post.objects.filter(person=person).count() == 1


def test_xlsx_with_truncated_sheet_xml_is_refused(users, orgs):
    rows = [HEADER] + [row(f"1100{n:05d}") for n in range(200)]

    def truncate(name, data):
        return data[: len(data) // 2] if name.startswith("xl/worksheets/") else data

    upload = SimpleUploadedFile("officials.xlsx", rezipped(xlsx_bytes(rows), truncate))
    with translation.override("en"):
        report = officials_import(acting_user=users[Role.NATIONAL_ADMIN], upload=upload)
    assert "not a spreadsheet" in report.file_error
    assert Person.objects.filter(national_id__startswith="1100").count() == 0


def test_csv_cell_beyond_the_csv_field_limit_is_refused(users, orgs):
    import csv

    giant = "ក" * (csv.field_size_limit() + 10)
    upload = SimpleUploadedFile("officials.csv", f'{",".join(HEADER)}\n"{giant}",x\n'.encode())
    with translation.override("en"):
        report = officials_import(acting_user=users[Role.NATIONAL_ADMIN], upload=upload)
    assert "could not be read" in report.file_error


def test_unpacked_size_is_capped_before_the_workbook_is_read(users, orgs, settings):
    content = xlsx_bytes([HEADER, row()])
    settings.IMPORT_MAX_UNPACKED_BYTES = 2_000
    with translation.override("en"):
        report = officials_import(acting_user=users[Role.NATIONAL_ADMIN], upload=SimpleUploadedFile("o.xlsx", content))
    assert "too large once unpacked (at most 0 MB)" in report.file_error
    assert Person.objects.count() == 0


def test_rows_are_read_only_as_wide_as_an_officials_sheet(users, orgs, monkeypatch):
    """A sheet may declare 16,384 columns: each row must not be padded to that width."""
    from openpyxl.worksheet._read_only import ReadOnlyWorksheet

    widths = []
    original = ReadOnlyWorksheet.iter_rows

    def spy(self, *args, **kwargs):
        for values in original(self, *args, **kwargs):
            widths.append(len(values))
            yield values

    monkeypatch.setattr(ReadOnlyWorksheet, "iter_rows", spy)

    def declare_wide(name, data):
        if "worksheets" not in name:
            return data
        wide, replaced = re.subn(rb'<dimension ref="A1:M2"\s*/>', b'<dimension ref="A1:XFD2"/>', data)
        assert replaced == 1
        return wide

    upload = SimpleUploadedFile("officials.xlsx", rezipped(xlsx_bytes([HEADER, row()]), declare_wide))
    report = officials_import(acting_user=users[Role.NATIONAL_ADMIN], upload=upload)
    assert report.ok and report.created == 1
    assert widths and max(widths) <= 40


def test_numbers_in_import_messages_are_written_in_khmer(users, orgs):
    with translation.override("km"):
        report = officials_import(acting_user=users[Role.NATIONAL_ADMIN], upload=csv_file([row(), row()]))
    assert "២" in report.errors[0].message and "2" not in report.errors[0].message
