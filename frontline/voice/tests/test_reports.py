"""The report to government: counts by province and category, the listed concerns with the
actions taken and by whom, as a page, .xlsx and PDF, within the user's scope."""

import datetime
import io

import pytest
from django.utils import timezone
from openpyxl import load_workbook

from frontline.accounts.roles import Role
from frontline.voice.models import ActionKind, Status
from frontline.voice.services import concern_transition, escalate_overdue, working_group_act


@pytest.fixture
def reported(make_concern, categories, users, working_group_user, kandal_village):
    officer = users[Role.PROVINCIAL_OFFICER]
    stalled = make_concern()
    escalate_overdue(now=timezone.now() + datetime.timedelta(days=5))  # not acknowledged in time
    urged = make_concern(category=categories["roads"], description="ផ្លូវលំខូចខាតខ្លាំងណាស់")
    concern_transition(acting_user=officer, concern=urged, status=Status.ACKNOWLEDGED, public_note="We will look.")
    working_group_act(acting_user=working_group_user, concern=urged, kind=ActionKind.URGE, note="Repair before rains")
    resolved = make_concern(category=categories["roads"], description="ផ្លូវលំខូចខាតបន្តិចបន្តួច")
    concern_transition(acting_user=officer, concern=resolved, status=Status.ACKNOWLEDGED, public_note="ok")
    concern_transition(acting_user=officer, concern=resolved, status=Status.RESOLVED, public_note="done")
    kandal = make_concern(area=kandal_village, description="ស្ពានបាក់ក្នុងភូមិយូរហើយ")
    return {"stalled": stalled, "urged": urged, "resolved": resolved, "kandal": kandal}


def _query(area="11"):
    today = timezone.localdate()
    return f"area={area}&start={today.replace(month=1, day=1)}&end={today}"


def test_the_report_page_counts_and_lists_with_actions(client, reported, users, django_assert_max_num_queries):
    client.force_login(users[Role.PROVINCIAL_OFFICER])
    page = client.get(f"/en/voice/report/?{_query()}")
    report = page.context["report"]
    assert report.unresolved == 2 and report.escalated == 1
    rows = {(row.category, row.unresolved, row.escalated) for row in report.rows}
    assert rows == {("Water", 1, 1), ("Roads", 1, 0)}
    listed = [concern.pk for concern in report.listed]
    assert listed == [reported["stalled"].pk, reported["urged"].pk]  # escalated first; resolved left out
    body = page.content.decode()
    assert "Urge the unit to act" in body and "by nwg" in body and "Received → Acknowledged" in body
    assert "Escalated" in body
    with django_assert_max_num_queries(15):  # the area picker checks the area exists, and names it
        client.get(f"/km/voice/report/?{_query()}")
    outside = client.get(f"/en/voice/report/?{_query('08')}")
    assert outside.context["report"] is None and "This area is outside your scope." in outside.content.decode()
    bad = client.get("/en/voice/report/?start=2026-05-01&end=2026-01-01")
    assert "The end date cannot be before the start date." in bad.content.decode()
    unknown = client.get("/en/voice/report/?area=99&start=2026-01-01&end=2026-05-01")
    assert unknown.context["report"] is None
    assert "No place of the right level has this code." in unknown.content.decode()
    by_name = client.get("/en/voice/report/?area_search=Mondul+Kiri&start=2026-01-01&end=2026-05-01")
    assert by_name.context["report"] is not None  # the area typed by its name, as without JavaScript


def test_the_national_report_spans_provinces(client, reported, users):
    client.force_login(users[Role.NATIONAL_ADMIN])
    report = client.get(f"/en/voice/report/?{_query('')}").context["report"]
    assert {row.province for row in report.rows} == {"Mondul Kiri", "Kandal"}
    assert report.unresolved == 3


def test_the_report_as_xlsx_and_pdf(client, reported, users):
    client.force_login(users[Role.PROVINCIAL_OFFICER])
    xlsx = client.get(f"/en/voice/report/?{_query()}&format=xlsx")
    assert xlsx["Content-Type"].startswith("application/vnd.openxmlformats")
    book = load_workbook(io.BytesIO(xlsx.content))
    summary, counts, listed = book.worksheets
    assert summary["A1"].value == "Report to government" and summary["B1"].value == "Mondul Kiri"
    assert summary["B4"].value == 2 and summary["B5"].value == 1
    assert [cell.value for cell in counts[1]] == ["Province", "Category", "Unresolved", "Escalated"]
    assert counts.cell(counts.max_row, 1).value == "Total" and counts.cell(counts.max_row, 3).value == 2
    assert listed["A2"].value == reported["stalled"].tracking_code
    assert listed["A3"].value == reported["urged"].tracking_code and "Repair before rains" in listed["I3"].value
    khmer = client.get(f"/km/voice/report/?{_query()}&format=xlsx")
    assert load_workbook(io.BytesIO(khmer.content)).worksheets[0]["B1"].value == "មណ្ឌលគិរី"
    pdf = client.get(f"/km/voice/report/?{_query()}&format=pdf")
    assert pdf["Content-Type"] == "application/pdf" and pdf.content.startswith(b"%PDF")
