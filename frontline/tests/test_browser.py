"""End-to-end checks in a real browser: Playwright (sync API) driving Debian Chromium against live_server.

Run with `pytest -m browser`. The tests rely on markup and data-testid attributes only, never on CSS,
and work with or without HTMX loaded (the search form falls back to a plain GET on Enter).
"""

import os
import re
import shutil

import pytest

from frontline.people.importing import COLUMNS
from frontline.people.models import Person

CHROMIUM = os.environ.get("FRONTLINE_CHROMIUM", "/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]
PASSWORD = "pass-word-123"
TIMEOUT_MS = 10_000

pytestmark = pytest.mark.browser


@pytest.fixture(scope="module")
def browser():
    from playwright import sync_api as playwright_api

    # `make test` installs Debian's Chromium when it is missing: its absence is a failure, not a skip.
    assert shutil.which(CHROMIUM) or os.path.exists(CHROMIUM), f"Chromium is not installed at {CHROMIUM}"
    # Playwright's sync API runs an event loop in this thread; Django must not take the test's own
    # ORM queries for async code. Restored afterwards so other modules keep the protection.
    previous = os.environ.get("DJANGO_ALLOW_ASYNC_UNSAFE")
    os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"
    try:
        with playwright_api.sync_playwright() as playwright:
            launched = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
            try:
                yield launched
            finally:
                launched.close()
    finally:
        if previous is None:
            os.environ.pop("DJANGO_ALLOW_ASYNC_UNSAFE", None)
        else:
            os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = previous


@pytest.fixture
def page(browser):
    context = browser.new_context(locale="km-KH")
    context.set_default_timeout(TIMEOUT_MS)
    context.set_default_navigation_timeout(TIMEOUT_MS)
    tab = context.new_page()
    try:
        yield tab
    finally:
        context.close()


@pytest.fixture
def site(transactional_db, live_server, users, officials):
    """The live server with the conftest tree, organisations, officials and users (requested after the DB)."""
    return live_server.url


def sign_in(page, site, username="national", next_path="/en/"):
    from playwright.sync_api import expect

    page.goto(f"{site}{next_path}")
    expect(page).to_have_url(re.compile(r"/accounts/login/"))
    page.locator("input[name=username]").fill(username)
    page.locator("input[name=password]").fill(PASSWORD)
    page.locator("form button[type=submit]", has_text=re.compile(r"Sign in|ចូល")).click()
    expect(page).to_have_url(re.compile(re.escape(next_path) + r"$"))


def test_sign_in_lands_on_home_with_official_count(page, site):
    from playwright.sync_api import expect

    page.goto(f"{site}/en/")
    expect(page).to_have_url(re.compile(r"/en/accounts/login/\?next=/en/$"))
    page.locator("input[name=username]").fill("national")
    page.locator("input[name=password]").fill(PASSWORD)
    page.get_by_role("button", name="Sign in").click()

    expect(page).to_have_url(f"{site}/en/")
    expect(page.get_by_role("heading", level=1)).to_have_text("Overview")
    expect(page.get_by_test_id("count-officials")).to_have_text("4")
    expect(page.locator(".usermenu")).to_contain_text("national")


def test_switch_from_khmer_to_english(page, site):
    from playwright.sync_api import expect

    sign_in(page, site, next_path="/km/areas/")
    expect(page.locator("html")).to_have_attribute("lang", "km")
    # Names of places are shown in the page's language (UI strings need the km catalogue, not checked here).
    expect(page.locator("nav.lang strong")).to_have_text("ខ្មែរ")
    expect(page.get_by_test_id("area-results")).to_contain_text("មណ្ឌលគិរី")
    expect(page.get_by_test_id("area-results")).not_to_contain_text("Mondul Kiri")

    page.get_by_test_id("lang-en").click()

    expect(page).to_have_url(f"{site}/en/areas/")
    expect(page.locator("html")).to_have_attribute("lang", "en")
    expect(page.get_by_role("heading", level=1)).to_have_text("Administrative areas")
    expect(page.get_by_test_id("area-results")).to_contain_text("Mondul Kiri")
    expect(page.get_by_test_id("area-results")).not_to_contain_text("មណ្ឌលគិរី")
    expect(page.locator("nav.lang strong")).to_have_text("English")
    expect(page.get_by_test_id("lang-km")).to_be_visible()


def test_browse_the_area_tree(page, site):
    from playwright.sync_api import expect

    sign_in(page, site, next_path="/en/areas/")
    results = page.get_by_test_id("area-results")
    expect(results).to_contain_text("Mondul Kiri")
    expect(results).to_contain_text("Kandal")

    results.get_by_role("link", name="Mondul Kiri").click()

    expect(page).to_have_url(f"{site}/en/areas/11/")
    expect(page.get_by_role("heading", level=1)).to_contain_text("Mondul Kiri")
    results = page.get_by_test_id("area-results")
    expect(results).to_contain_text("Kaev Seima")
    expect(results).to_contain_text("Saen Monourom")
    expect(results).not_to_contain_text("Kandal Stueng")


def test_search_areas_in_khmer(page, site):
    from playwright.sync_api import expect

    sign_in(page, site, next_path="/km/areas/")
    box = page.locator("#area-q")
    box.fill("មណ្ឌល")
    box.press("Enter")  # with HTMX the input event already searched; without it this submits the form

    results = page.get_by_test_id("area-results")
    expect(page).to_have_url(re.compile(r"/km/areas/\?q="))
    expect(results).to_contain_text("មណ្ឌលគិរី")
    expect(results).not_to_contain_text("កណ្ដាល")
    expect(box).to_have_value("មណ្ឌល")


def test_import_with_errors_shows_the_report_and_saves_nothing(page, site):
    from playwright.sync_api import expect

    header = ",".join(COLUMNS)
    values = {
        "national_id": "",
        "family_name_km": "ចាន់",
        "given_name_km": "ដារា",
        "family_name_latin": "Chan",
        "given_name_latin": "Dara",
        "sex": "X",
        "birth_date": "1990-13-45",
        "phone": "012 345 678",
        "organisation_code": "dosvy-11",
        "position": "Social worker",
        "grade": "",
        "level": "technical",
        "start_date": "2021-01-04",
    }
    row = ",".join(values[name] for name in COLUMNS)
    people_before = Person.objects.count()

    sign_in(page, site, next_path="/en/officials/import/")
    page.locator("input[type=file][name=file]").set_input_files(
        {"name": "bad.csv", "mimeType": "text/csv", "buffer": f"{header}\n{row}\n".encode()}
    )
    page.get_by_role("button", name="Check and import").click()

    report = page.get_by_test_id("import-report")
    expect(report).to_be_visible()
    expect(report).to_contain_text("Nothing was imported")
    lines = report.locator("tbody tr")
    expect(lines).to_have_count(2)
    sex = lines.filter(has=page.locator("code", has_text=re.compile(r"^sex$")))
    expect(sex.locator("td").nth(0)).to_have_text("2")
    expect(sex.locator("td").nth(2)).to_have_text("Write F or M.")
    birth = lines.filter(has=page.locator("code", has_text=re.compile(r"^birth_date$")))
    expect(birth.locator("td").nth(0)).to_have_text("2")
    expect(birth.locator("td").nth(2)).to_contain_text("YYYY-MM-DD")
    assert Person.objects.count() == people_before
    assert not Person.objects.filter(family_name_latin="Chan").exists()


def test_choose_an_organisation_by_typing(page, site):
    """The official form's organisation field searches the user's scope; choosing fills the form."""
    from playwright.sync_api import expect

    sign_in(page, site, username="mondulkiri", next_path="/en/officials/new/")
    page.locator("input[name=family_name_km]").fill("ពេជ្រ")
    page.locator("input[name=given_name_km]").fill("បុប្ផា")
    page.locator("input[name=family_name_latin]").fill("Pich")
    page.locator("select[name=sex]").select_option("F")
    page.get_by_label("Organisation").fill("social")
    choice = page.locator(".choices button", has_text="Mondulkiri Department of Social Affairs")
    expect(choice).to_be_visible()
    expect(page.locator(".choices")).not_to_contain_text("Kandal")
    choice.click()
    expect(page.get_by_label("Organisation")).to_have_value("Mondulkiri Department of Social Affairs")
    page.locator("input[name=position]").fill("Social worker")
    page.locator("select[name=level]").select_option("technical")
    page.locator("input[name=start_date]").fill("2024-01-15")
    page.get_by_role("button", name="Save").click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("ពេជ្រ បុប្ផា")
    assert Person.objects.get(family_name_latin="Pich").organisation.code == "dosvy-11"
