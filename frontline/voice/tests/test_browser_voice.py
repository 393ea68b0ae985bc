"""The accountability loop in a real browser (Playwright driving Debian Chromium): a citizen files
a concern on the public form in Khmer, staff confirm its authority and resolve it, the deadline
job escalates a stalled one, the citizen tracks and rates the answer, and the report to
government shows the escalated concern."""

import datetime
import re

import pytest
from django.core.management import call_command
from django.utils import timezone

from frontline.tests.test_browser import browser, page, sign_in  # noqa: F401 - fixtures
from frontline.voice.models import Category, Concern

pytestmark = pytest.mark.browser

DESCRIPTION = "អណ្ដូងទឹកស្អាតក្នុងភូមិខូចអស់ពីរខែហើយ"


@pytest.fixture
def site(transactional_db, live_server, users, ladder, categories, village):
    return live_server.url


def _expect():
    from playwright.sync_api import expect

    expect.set_options(timeout=10_000)  # the shared machine is slow at times; HTMX swaps wait for it
    return expect


def _file_on_the_public_form(tab, site) -> str:
    expect = _expect()
    tab.set_viewport_size({"width": 390, "height": 844})  # a phone
    tab.goto(f"{site}/report/")
    expect(tab.get_by_role("heading", level=1)).to_contain_text("បញ្ហា")  # Khmer by default
    tab.get_by_test_id("report-submit").click()
    # Nothing chosen: refused field by field, in Khmer, and nothing written.
    expect(tab.get_by_test_id("error-location")).to_contain_text("ឃុំ")
    assert Concern.objects.count() == 0

    water = Category.objects.get(code="water")
    tab.locator("select[name=category]").select_option(str(water.pk))
    tab.locator("select[name=province]").select_option("11")
    expect(tab.locator("select[name=district] option[value='1101']")).to_have_count(1)
    tab.locator("select[name=district]").select_option("1101")
    expect(tab.locator("select[name=commune] option[value='110101']")).to_have_count(1)
    tab.locator("select[name=commune]").select_option("110101")
    expect(tab.locator("select[name=village] option[value='11010101']")).to_have_count(1)
    tab.locator("select[name=village]").select_option("11010101")
    tab.locator("textarea[name=description]").fill(DESCRIPTION)
    tab.locator("input[name=reporter_name]").fill("សុខ ដារា")
    tab.locator("input[name=reporter_phone]").fill("012 345 678")
    tab.get_by_test_id("report-submit").click()
    expect(tab.get_by_test_id("keep-code")).to_be_visible()
    code = tab.get_by_test_id("tracking-code").inner_text().strip()
    assert re.fullmatch(r"[A-Z0-9]{4}-[A-Z0-9]{4}", code)
    return code


def _resolve_as_staff(tab, site, concern: Concern) -> None:
    expect = _expect()
    tab.set_viewport_size({"width": 1280, "height": 900})
    url = f"/en/voice/concerns/{concern.pk}/"
    sign_in(tab, site, "mondulkiri", url)
    expect(tab.get_by_test_id("concern-description")).to_contain_text(DESCRIPTION)
    tab.get_by_role("button", name="Confirm the authority").click()
    expect(tab.locator(".messages")).to_contain_text("The competent authority was saved.")
    expect(tab.get_by_test_id("concern-authority")).not_to_contain_text("not yet confirmed")
    for status, label, public, internal in (
        ("acknowledged", "Acknowledged", "We have received your concern and will visit the village.", ""),
        ("in_progress", "In progress", "", "The commune hired a well repairer."),
        ("resolved", "Resolved", "The well was repaired on Monday.", "Paid from the commune fund."),
    ):
        tab.goto(f"{site}{url}")
        tab.locator("#transition-form select[name=status]").select_option(status)
        if public:
            tab.locator("#transition-form textarea[name=public_note]").fill(public)
        if internal:
            tab.locator("#transition-form textarea[name=internal_note]").fill(internal)
        tab.get_by_role("button", name="Save the step").click()
        expect(tab.get_by_test_id("concern-status")).to_have_text(label)


def _track_and_rate(tab, site, code: str) -> None:
    expect = _expect()
    tab.goto(f"{site}/track/")
    tab.get_by_test_id("track-form").locator("input").first.fill(code.lower().replace("-", ""))
    tab.get_by_test_id("track-form").locator("button").click()
    expect(tab.get_by_test_id("status")).to_have_text("បានដោះស្រាយ")
    answers = tab.get_by_test_id("answers")
    expect(answers).to_contain_text("The well was repaired on Monday.")
    expect(answers).not_to_contain_text("Paid from the commune fund")  # internal notes stay inside
    expect(tab.locator("body")).not_to_contain_text("012")  # no personal data
    form = tab.get_by_test_id("rate-form")
    form.locator("input[name=satisfied][value=yes]").check()
    form.locator("button").click()
    expect(tab.get_by_test_id("done")).to_be_visible()


def test_citizen_to_report_to_government(page, site, make_concern):  # noqa: F811 - fixture
    expect = _expect()
    code = _file_on_the_public_form(page, site)
    concern = Concern.objects.get(tracking_code=code)
    assert concern.area_id == "11010101" and concern.reporter_name == "សុខ ដារា"

    _resolve_as_staff(page, site, concern)

    stalled = make_concern(
        description="ផ្លូវលំទៅសាលារៀនខូចខាតធ្ងន់ធ្ងរ", received_at=timezone.now() - datetime.timedelta(days=20)
    )
    call_command("voice_escalate", stdout=open("/dev/null", "w"))  # noqa: SIM115
    call_command("voice_escalate", stdout=open("/dev/null", "w"))  # noqa: SIM115 - idempotent
    stalled.refresh_from_db()
    assert stalled.escalations.count() == 1
    page.goto(f"{site}/en/voice/concerns/{stalled.pk}/")
    expect(page.get_by_test_id("escalations")).to_contain_text("District")

    _track_and_rate(page, site, code)
    concern.refresh_from_db()
    assert concern.satisfied is True

    year = timezone.localdate().year
    page.goto(f"{site}/en/voice/report/?area=11&start={year - 1}-01-01&end={year}-12-31")
    expect(page.get_by_test_id("rp-escalated")).to_have_text("1")
    expect(page.get_by_test_id("rp-listed")).to_contain_text(stalled.tracking_code)


def test_staff_record_a_hotline_concern_on_a_phone_picking_the_village_by_name(page, site):  # noqa: F811 - fixture
    """Staff on a phone type part of the village's Khmer name, pick it among the suggestions
    (htmx, from our own static files) and record the concern: the form submits the village's
    code. A place typed that no village or commune bears is refused on the field, in Khmer."""
    expect = _expect()
    page.set_viewport_size({"width": 390, "height": 844})  # a phone
    sign_in(page, site, "mondulkiri", "/km/voice/concerns/new/")
    water = Category.objects.get(code="water")
    page.locator("select[name=channel]").select_option("hotline")
    page.locator("select[name=category]").select_option(str(water.pk))
    page.locator("textarea[name=description]").fill(DESCRIPTION)
    page.locator("input[name=reporter_name]").fill("សុខ ដារា")
    page.locator("input[name=reporter_phone]").fill("012 345 678")

    search = page.locator("input[name=area_search]")
    search.fill("ភូមិគ្មាន")
    page.get_by_role("button", name="កត់ត្រាបញ្ហា").click()
    area_field = page.locator(".field.has-error", has=page.locator("input[name=area_search]"))
    expect(area_field).to_contain_text("គ្មានទីកន្លែងតែមួយ")  # on the field, in Khmer
    assert Concern.objects.count() == 0

    search = page.locator("input[name=area_search]")
    search.fill("")
    search.press_sequentially("ពូលូ", delay=50)
    choice = page.get_by_test_id("area-choices").locator("button[data-choice-value='11010101']")
    expect(choice).to_contain_text("Pu Lung")  # Khmer and English names in each suggestion
    expect(choice).to_contain_text("ស្រែខ្ទុម")  # with the commune above it
    choice.click()
    expect(page.locator("input[name=area]")).to_have_value("11010101")
    expect(search).to_have_value("ពូលូង (11010101)")
    page.get_by_role("button", name="កត់ត្រាបញ្ហា").click()
    expect(page.get_by_test_id("concern-description")).to_contain_text(DESCRIPTION)
    concern = Concern.objects.get()
    assert concern.area_id == "11010101" and concern.channel == "hotline"
