"""A learner on a phone takes an online course lesson by lesson, passes the final quiz and sees
the certificate (Playwright driving Debian Chromium; run with `pytest -m browser`)."""

import datetime
import re

import pytest
from django.utils import timezone

from frontline.elearning.tests.conftest import PASSWORD, learner_of, make_course
from frontline.tests import test_browser as foundation

browser = foundation.browser  # Debian Chromium, launched once per module (fixture)

pytestmark = pytest.mark.browser

PHONE = {"width": 360, "height": 740}  # a small Android phone


@pytest.fixture
def phone(browser):
    context = browser.new_context(locale="km-KH", viewport=PHONE, is_mobile=True, has_touch=True)
    context.set_default_timeout(foundation.TIMEOUT_MS)
    context.set_default_navigation_timeout(foundation.TIMEOUT_MS)
    tab = context.new_page()
    try:
        yield tab
    finally:
        context.close()


@pytest.fixture
def site(transactional_db, live_server, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
    return live_server.url


@pytest.fixture
def open_course(site, programme, areas, orgs, officials):
    """Published today (the browser's clock is the real one), open for a year."""
    course = make_course(
        programme, areas["11"], orgs["dosvy-11"], open_until=timezone.localdate() + datetime.timedelta(days=365)
    )
    learner_of(officials["in_district"], "heng.sophea")
    return course


def _no_sideways_scroll(page) -> None:
    assert page.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]


def _answer_right(page) -> None:
    """Every question's right answer ("ត្រូវ" in the test bank, labelled in Khmer)."""
    for question in page.locator("fieldset.question").all():
        question.get_by_label("ត្រូវ").check()


def test_a_learner_takes_a_course_on_a_phone_and_sees_the_certificate(phone, site, open_course):
    from playwright.sync_api import expect

    page = phone
    page.goto(f"{site}/km/learning/online/")
    page.locator("input[name=username]").fill("heng.sophea")
    page.locator("input[name=password]").fill(PASSWORD)
    page.locator("form button[type=submit]").click()
    expect(page).to_have_url(re.compile(r"/km/learning/online/$"))
    expect(page.locator("html")).to_have_attribute("lang", "km")
    page.get_by_test_id("courses").get_by_role("link", name="ប្រព័ន្ធគាំពារសង្គម (អនឡាញ)").click()

    page.get_by_test_id("join").click()
    expect(page.get_by_test_id("course-progress")).to_contain_text("០ នៃ ៣")
    page.get_by_test_id("resume").click()

    for number in ("១", "២"):
        expect(page.get_by_test_id("lesson-position")).to_contain_text(f"មេរៀនទី {number} នៃ ៣")
        expect(page.locator("article.lesson")).to_contain_text("ប្រព័ន្ធគាំពារសង្គមជួយគ្រួសារងាយរងគ្រោះ")
        _no_sideways_scroll(page)
        page.get_by_test_id("lesson-done").click()

    expect(page.get_by_test_id("lesson-position")).to_contain_text("មេរៀនទី ៣ នៃ ៣")
    _answer_right(page)
    page.get_by_test_id("quiz-send").click()
    expect(page.get_by_test_id("quiz-score")).to_contain_text("១០០%")
    _no_sideways_scroll(page)
    page.get_by_test_id("back-to-course").click()

    # Progress was saved as the learner went: the course page offers the final quiz.
    expect(page.get_by_test_id("course-progress")).to_contain_text("៣ នៃ ៣")
    page.get_by_test_id("final-quiz").click()
    _answer_right(page)
    _no_sideways_scroll(page)
    page.get_by_test_id("final-send").click()

    expect(page.get_by_test_id("certificate")).to_contain_text("FL-")
    link = page.get_by_test_id("certificate-pdf")
    expect(link).to_be_visible()
    pdf = page.request.get(site + link.get_attribute("href"))
    assert pdf.status == 200 and pdf.headers["content-type"] == "application/pdf"
    assert pdf.body()[:5] == b"%PDF-"
