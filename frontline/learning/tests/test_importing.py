import datetime
import io

import pytest
from auditlog.models import LogEntry
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import translation
from openpyxl import Workbook

from frontline.accounts.roles import Role
from frontline.core.models import Tally
from frontline.learning.importing import COLUMNS, Outcome, participants_import
from frontline.learning.models import Enrolment, EnrolmentStatus
from frontline.people.models import Person
from frontline.people.services import person_update
from frontline.people.tallies import officials_recount

pytestmark = pytest.mark.django_db
HEADER = list(COLUMNS)


def row(**values):
    return [values.get(column, "") for column in HEADER]


def csv_upload(rows, name="participants.csv"):
    lines = [",".join(HEADER)] + [",".join(r) for r in rows]
    return SimpleUploadedFile(name, ("\n".join(lines) + "\n").encode("utf-8"))


def test_rows_match_by_id_phone_and_name_and_new_people_are_registered(event, officials, users, orgs):
    person_update(acting_user=None, person=officials["in_kandal"], phone="012 345 678")
    person_update(acting_user=None, person=officials["in_district"], birth_date=datetime.date(1988, 2, 3))
    rows = [
        row(national_id="110000001", family_name_km="សុខ", given_name_km="ចាន់ធី"),
        row(phone="+855 12 345 678", family_name_km="លី", given_name_km="វិបុល"),
        row(family_name_km="ហេង", given_name_km="សុភា", birth_date="1988-02-03"),
        row(
            family_name_km="ប៉ែន",
            given_name_km="សុផល",
            phone="097 111 2222",
            sex="M",
            organisation_code="dosvy-11",
            position="Social worker",
            level="technical",
            family_name_latin="Pen",
            given_name_latin="Sophal",
        ),
    ]
    report = participants_import(acting_user=users[Role.NATIONAL_ADMIN], event=event, upload=csv_upload(rows))
    assert report.ok, [(r.number, r.errors) for r in report.rows]
    assert [r.outcome for r in report.rows] == [Outcome.MATCHED] * 3 + [Outcome.NEW]
    # Mondulkiri's 2 reserved places go to the first two from Mondulkiri; the third waits.
    assert report.enrolled == 3 and report.waitlisted == 1
    newcomer = Person.objects.get(family_name_latin="Pen", organisation=orgs["dosvy-11"])
    assert Enrolment.objects.get(event=event, person=newcomer).status == EnrolmentStatus.WAITLISTED
    event.refresh_from_db()
    assert (event.enrolled_count, event.waitlist_count) == (3, 1)
    # the bulk writes are audited like any other, and the kept counts stay exact
    history = LogEntry.objects.filter(object_pk=str(newcomer.pk), content_type__model="person")
    assert history.get().actor == users[Role.NATIONAL_ADMIN] and history.get().changes["family_name_latin"][1] == "Pen"
    assert LogEntry.objects.filter(content_type__model="enrolment").count() == 4
    kept = {(t.metric, t.key): t.value for t in Tally.objects.all()}
    officials_recount()
    assert kept == {(t.metric, t.key): t.value for t in Tally.objects.all()}


def test_one_bad_row_imports_nothing_and_reports_each_row(event, officials, users):
    rows = [
        row(national_id="110000001", family_name_km="សុខ", given_name_km="ចាន់ធី"),
        row(national_id="110000001", family_name_km="សុខ", given_name_km="ចាន់ធី"),  # twice
        row(family_name_km="ថ្មី", given_name_km="ម្នាក់", birth_date="31/02/1990"),  # impossible date
        row(family_name_km="គ្មាន", given_name_km="អ្វី"),  # nothing to recognise them by
        row(family_name_km="ក", given_name_km="ខ", phone="099888777"),  # new, but no unit
    ]
    with translation.override("en"):
        report = participants_import(acting_user=users[Role.PROVINCIAL_OFFICER], event=event, upload=csv_upload(rows))
    assert not report.ok
    outcomes = {r.number: r.outcome for r in report.rows}
    assert outcomes == {2: "matched", 3: "rejected", 4: "rejected", 5: "rejected", 6: "rejected"}
    messages = {r.number: " ".join(r.errors) for r in report.rows}
    assert "already on row 2" in messages[3] and "YYYY-MM-DD" in messages[4]
    assert "national ID, a phone number or a date of birth" in messages[5]
    assert "names no organisation" in messages[6]
    assert Enrolment.objects.count() == 0 and Person.objects.count() == 4


def test_files_that_are_not_participant_lists_are_refused(event, users):
    for upload in (
        SimpleUploadedFile("photo.png", b"\x89PNG\r\n"),
        SimpleUploadedFile("list.csv", b"name,colour\nx,y\n"),
        SimpleUploadedFile("empty.csv", b""),
    ):
        report = participants_import(acting_user=users[Role.NATIONAL_ADMIN], event=event, upload=upload)
        assert report.file_error and not report.ok
    assert Enrolment.objects.count() == 0


def test_xlsx_and_the_page(client, event, officials, users):
    workbook = Workbook()
    workbook.active.append(HEADER)
    workbook.active.append(row(national_id="110000002", family_name_km="ហេង", given_name_km="សុភា"))
    buffer = io.BytesIO()
    workbook.save(buffer)
    client.force_login(users[Role.NATIONAL_ADMIN])
    page = client.post(
        f"/en/learning/events/{event.pk}/participants/import/",
        {"file": SimpleUploadedFile("list.xlsx", buffer.getvalue())},
    )
    assert page.status_code == 302
    assert Enrolment.objects.filter(event=event, person=officials["in_district"]).exists()
    bad = client.post(
        f"/km/learning/events/{event.pk}/participants/import/",
        {"file": csv_upload([row(national_id="110000002", family_name_km="ហេង", given_name_km="សុភា")])},
    )
    assert bad.status_code == 400 and "បានចុះឈ្មោះក្នុងវគ្គនេះរួចហើយ" in bad.content.decode()


def test_an_importer_enrols_only_officials_within_reach(event, officials, users, areas):
    """A Mondulkiri officer may enrol Kandal officials only once the event sets places aside for Kandal."""
    from frontline.learning.services.events import quota_set

    kandal = row(national_id="080000001", family_name_km="លី", given_name_km="វិបុល")
    mondulkiri_officer = users[Role.PROVINCIAL_OFFICER]
    with translation.override("en"):
        refused = participants_import(acting_user=mondulkiri_officer, event=event, upload=csv_upload([kandal]))
    assert "may not put forward" in " ".join(refused.rows[0].errors)
    assert "Ly" not in " ".join(refused.rows[0].errors)  # nothing about the person is told
    quota_set(acting_user=None, event=event, area=areas["08"], places=1)
    accepted = participants_import(acting_user=mondulkiri_officer, event=event, upload=csv_upload([kandal]))
    assert accepted.ok and accepted.enrolled == 1


def test_a_phone_number_recognises_its_owner_only_with_their_name(event, officials, users):
    person_update(acting_user=None, person=officials["in_kandal"], phone="012 345 678")
    stranger = row(phone="012345678", family_name_km="ចាន់", given_name_km="ណារី")
    with translation.override("en"):
        report = participants_import(acting_user=users[Role.NATIONAL_ADMIN], event=event, upload=csv_upload([stranger]))
    assert report.rows[0].person is None  # not Ly Vibol: a new person, who then needs a unit
    assert "names no organisation" in " ".join(report.rows[0].errors)
    assert Enrolment.objects.count() == 0
