"""The whole path of a training, in a real browser (Playwright driving Debian Chromium):
file a need, plan for it, plan an event, import its participants, open it, take attendance on
a phone-sized screen (through the offline queue), take the post-test through a participant's
link, complete the event, issue certificates, verify one, and see the dashboard move."""

import datetime
import re
from urllib.parse import urlparse

import pytest
from django.utils import timezone

from frontline.learning.certificates import verify_url
from frontline.learning.models import Certificate, Enrolment, EventTest, NeedItem, PlanItem, TrainingEvent
from frontline.tests.test_browser import browser, page, sign_in  # noqa: F401 - fixtures

pytestmark = pytest.mark.browser


@pytest.fixture
def site(transactional_db, live_server, users, officials, programme, trainer):
    return live_server.url


def _expect():
    from playwright.sync_api import expect

    return expect


def _file_a_need_and_plan_it(tab, site, competency_id: int, year: int) -> None:
    expect = _expect()
    tab.goto(f"{site}/en/learning/needs/new/")
    tab.locator("select[name=unit]").select_option(label="Mondulkiri Department of Social Affairs")
    tab.locator("input[name=year]").fill(str(year))
    tab.get_by_role("button", name="Save").click()
    tab.locator("select[name=competency]").select_option(str(competency_id))
    tab.locator("input[name=staff]").fill("3")
    tab.get_by_role("button", name="Save").click()
    tab.get_by_role("button", name="Submit to the planners").click()
    expect(tab.locator(".messages")).to_contain_text("submitted")

    tab.goto(f"{site}/en/learning/plans/new/")
    tab.locator("input[name=year]").fill(str(year))
    tab.locator("input[name=title_km]").fill("ផែនការបណ្តុះបណ្តាល")
    tab.locator("input[name=title_en]").fill("Training plan")
    tab.get_by_role("button", name="Save").click()
    tab.goto(f"{site}/en/learning/needs/consolidated/?year={year}")
    tab.locator("input[name=need]").first.check()
    tab.get_by_role("button", name="Add to the plan").click()
    expect(tab.locator("table.list")).to_contain_text("Social protection frameworks")


def _plan_the_event(tab, site, programme_id: int, organiser_id: int) -> int:
    expect = _expect()
    today = timezone.localdate().isoformat()
    tab.goto(f"{site}/en/learning/events/new/")
    tab.locator("select[name=programme]").select_option(str(programme_id))
    tab.locator("input[name=start_date]").fill(today)
    tab.locator("input[name=end_date]").fill(today)
    tab.locator("input[name=venue]").fill("Sen Monorom provincial hall")
    tab.locator("input[name=area_search]").press_sequentially("Mondul", delay=50)  # the place by its name
    tab.get_by_test_id("area-choices").locator("button[data-choice-value='11']").click()
    expect(tab.locator("input[name=area]")).to_have_value("11")
    tab.locator("select[name=organiser]").select_option(str(organiser_id))
    tab.locator("input[name=capacity]").fill("10")
    tab.get_by_role("button", name="Save").click()
    expect(tab.get_by_test_id("event-status")).to_have_text("Planned")
    return int(re.search(r"/events/(\d+)/", tab.url).group(1))


def _import_participants(tab, site, event_id: int) -> None:
    expect = _expect()
    header = "national_id,family_name_km,given_name_km"
    rows = ["110000001,សុខ,ចាន់ធី", "110000002,ហេង,សុភា", "080000001,លី,វិបុល"]
    tab.goto(f"{site}/en/learning/events/{event_id}/participants/import/")
    tab.locator("input[type=file][name=file]").set_input_files(
        {"name": "list.csv", "mimeType": "text/csv", "buffer": ("\n".join([header, *rows]) + "\n").encode()}
    )
    tab.get_by_role("button", name="Check and import").click()
    expect(tab.get_by_test_id("event-places")).to_contain_text("3 of 10 taken")


def _change_status(tab, status: str) -> None:
    tab.locator("select[name=status]").select_option(status)
    tab.get_by_role("button", name="Change status").click()


def _take_attendance_on_a_phone(tab, site, event_id: int) -> None:
    expect = _expect()
    event = TrainingEvent.objects.get(pk=event_id)
    session = event.sessions.get()
    tab.set_viewport_size({"width": 390, "height": 800})
    tab.goto(f"{site}/en/learning/events/{event_id}/sessions/{session.pk}/")
    for row in tab.locator("ul.roster li").all():
        row.get_by_role("button", name="Present").click()
    expect(tab.get_by_test_id("present-count")).to_have_text("3")
    expect(tab.locator(".sync-status")).to_have_text("All marks are sent.")
    tab.set_viewport_size({"width": 1280, "height": 900})


def _one_participant_passes_the_post_test(tab, site, event_id: int) -> None:
    expect = _expect()
    tab.goto(f"{site}/en/learning/events/{event_id}/links/")
    link = tab.locator(".badge-card small").first.inner_text()
    participant_path = re.sub(r"^https?://[^/]+", "", link)
    tab.goto(f"{site}{participant_path}")
    tab.get_by_role("link", name="Take the test").click()
    for group in tab.locator("fieldset.question").all():
        group.get_by_role("radio", name="right", exact=True).check()
    tab.get_by_role("button", name="Send my answers").click()
    expect(tab.locator(".messages")).to_contain_text("Your score: 100%")


def test_the_whole_path_of_a_training(page, site, programme, competency, orgs, officials):  # noqa: F811
    expect = _expect()
    year = timezone.localdate().year + 1
    sign_in(page, site, next_path="/en/learning/")
    _file_a_need_and_plan_it(page, site, competency.pk, year)
    assert PlanItem.objects.get().needs.get() == NeedItem.objects.get()

    event_id = _plan_the_event(page, site, programme.pk, orgs["mosvy"].pk)
    _import_participants(page, site, event_id)
    _change_status(page, "open")
    _change_status(page, "running")
    expect(page.get_by_test_id("event-status")).to_have_text("Running")

    now = timezone.localtime()
    page.goto(f"{site}/en/learning/events/{event_id}/tests/new/")
    page.locator("select[name=kind]").select_option("post")
    page.locator("input[name=opens_at]").fill((now - datetime.timedelta(hours=1)).strftime("%Y-%m-%dT%H:%M"))
    page.locator("input[name=closes_at]").fill((now + datetime.timedelta(hours=2)).strftime("%Y-%m-%dT%H:%M"))
    page.locator("input[name=question_count]").fill("5")
    page.get_by_role("button", name="Save").click()

    _take_attendance_on_a_phone(page, site, event_id)
    _one_participant_passes_the_post_test(page, site, event_id)

    page.goto(f"{site}/en/learning/events/{event_id}/")
    _change_status(page, "completed")
    expect(page.locator(".messages")).to_contain_text("The post-test is open until")
    EventTest.objects.filter(event_id=event_id).update(closes_at=timezone.now())  # the afternoon passes
    _change_status(page, "completed")
    expect(page.get_by_test_id("event-status")).to_have_text("Completed")
    page.get_by_role("button", name="Issue certificates").click()
    expect(page.locator(".messages")).to_contain_text("1 certificates were issued.")
    certificate = Certificate.objects.get()
    assert Enrolment.objects.filter(event_id=event_id, completed=True).count() == 1

    # The address the certificate's QR code holds, on this test server, in Khmer (the default).
    qr_path = urlparse(verify_url(certificate)).path
    assert qr_path == f"/verify/{certificate.number}"
    page.goto(f"{site}{qr_path}")
    expect(page.get_by_test_id("verify-status")).to_have_text("វិញ្ញាបនបត្រនេះមានសុពលភាព។")
    expect(page.locator("main")).to_contain_text(certificate.name_km)

    page.goto(f"{site}/km/learning/dashboard/?year={timezone.localdate().year}")
    expect(page.get_by_test_id("db-completed")).to_have_text("១")


def test_attendance_taken_without_a_network_is_sent_when_it_returns(page, site, event, officials):  # noqa: F811
    """The page reopens offline (service worker), marks wait on the phone, then sync once."""
    from frontline.learning.models import AttendanceMark, EventStatus
    from frontline.learning.services import enrolment, events

    expect = _expect()
    today = timezone.localdate()
    events.event_update(acting_user=None, event=event, start_date=today, end_date=today)
    for person in (officials["in_mondulkiri"], officials["in_district"]):
        enrolment.event_enrol(acting_user=None, event=event, person=person)
    events.event_transition(acting_user=None, event=event, status=EventStatus.OPEN)
    session = event.sessions.get()
    url = f"/en/learning/events/{event.pk}/sessions/{session.pk}/"
    sign_in(page, site, next_path=url)
    page.evaluate("async () => { await navigator.serviceWorker.ready; }")
    page.reload()  # now served through the worker, which keeps a copy

    page.context.set_offline(True)
    page.reload()
    expect(page.locator("ul.roster li")).to_have_count(2)
    page.locator("ul.roster li").first.get_by_role("button", name="Present").click()
    expect(page.locator(".sync-status")).to_contain_text("No network")
    assert AttendanceMark.objects.count() == 0

    page.context.set_offline(False)
    page.evaluate("window.dispatchEvent(new Event('online'))")
    expect(page.locator(".sync-status")).to_have_text("All marks are sent.")
    assert AttendanceMark.objects.filter(session=session, present=True).count() == 1
