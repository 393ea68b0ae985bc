"""The public pages: the concern form (Khmer and English), tracking without personal data,
rating and reopening, merged duplicates, and the open statistics read from the tallies."""

import datetime
import io
from collections import Counter

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone
from PIL import Image

from frontline.accounts.roles import Role
from frontline.voice.models import Attachment, Concern, ConcernUpdate, Status, VoiceTally
from frontline.voice.services import concern_merge, concern_transition
from frontline.voice.statistics import by_area, median_from_histogram, read_tallies, summarise

REPORT = "/report/"


def english(client: Client) -> Client:
    client.cookies["frontline_language"] = "en"
    return client


def test_form_is_khmer_by_default_and_offers_english(client, categories, areas):
    page = client.get(REPORT, HTTP_ACCEPT_LANGUAGE="en")
    html = page.content.decode()
    assert page.status_code == 200
    assert '<html lang="km">' in html
    assert "?lang=en" in html and "ទឹក" in html  # the water category in Khmer
    assert 'value="11"' in html  # provinces listed
    switched = client.get(REPORT + "?lang=en")
    assert '<html lang="en">' in switched.content.decode()
    assert switched.cookies["frontline_language"].value == "en"
    assert '<html lang="en">' in client.get(REPORT).content.decode()  # the cookie keeps it


def test_filing_a_concern_redirects_to_its_code(client, form_data, village):
    response = client.post(REPORT, form_data)
    assert response.status_code == 302
    concern = Concern.objects.get()
    assert response["Location"] == f"/track/{concern.tracking_code}/?new=1"
    assert concern.channel == "web" and concern.area == village and concern.reporter_group == "youth"
    assert concern.reporter_name == "Sok Dara" and concern.reporter_phone
    page = client.get(response["Location"])
    html = page.content.decode()
    assert concern.tracking_code in html and 'data-testid="keep-code"' in html


def test_commune_code_typed_instead_of_lists(client, form_data, areas):
    data = {**form_data, "province": "", "district": "", "commune": "", "village": "", "area_code": "១១០១០១"}
    assert client.post(REPORT, data).status_code == 302
    assert Concern.objects.get().area_id == "110101"


def test_next_list_without_javascript_writes_nothing(client, form_data):
    data = {"refine": "1", "province": "11", "category": "water"}
    page = client.post(REPORT, data)
    html = page.content.decode()
    assert page.status_code == 200 and 'value="1101"' in html and "errorlist" not in html
    assert Concern.objects.count() == 0
    fragment = client.get(reverse("voice_public:report_location"), {"province": "11", "district": "1101"})
    assert 'value="110101"' in fragment.content.decode()


@pytest.mark.parametrize(
    ("language", "category_message", "location_message"),
    [
        ("km", "Choose what the concern is about.", "Say where: choose at least the commune."),
        ("en", "Choose what the concern is about.", "Say where: choose at least the commune."),
    ],
)
def test_missing_category_and_location_refused_in_users_language(
    client, form_data, language, category_message, location_message
):
    from django.utils import translation

    client.cookies["frontline_language"] = language
    data = {**form_data, "category": "", "province": "", "district": "", "commune": "", "village": ""}
    page = client.post(REPORT, data)
    assert page.status_code == 400
    with translation.override(language):
        expected_category = translation.gettext(category_message)
        expected_location = translation.gettext(location_message)
    html = page.content.decode()
    assert f'<html lang="{language}">' in html
    assert expected_category in html and expected_location in html
    assert 'data-testid="error-category"' in html and 'data-testid="error-location"' in html
    assert Concern.objects.count() == 0


def test_contact_or_anonymity_and_bad_attachment(client, form_data):
    english(client)
    page = client.post(REPORT, {**form_data, "reporter_name": "", "reporter_phone": ""})
    assert page.status_code == 400
    assert "Give a name and a phone number or email" in page.content.decode()
    fake = io.BytesIO(b"MZ\x90\x00 not a picture")
    fake.name = "photo.jpg"
    page = client.post(REPORT, {**form_data, "attachments": fake})
    assert page.status_code == 400
    assert "This file is not a picture" in page.content.decode()
    too_long = client.post(REPORT, {**form_data, "description": "x" * 4001})
    assert too_long.status_code == 400 and 'data-testid="error-description"' in too_long.content.decode()
    assert Concern.objects.count() == 0 and Attachment.objects.count() == 0


def _png() -> io.BytesIO:
    out = io.BytesIO()
    Image.new("RGB", (40, 30), (200, 10, 10)).save(out, "PNG")
    out.seek(0)
    out.name = "well.png"
    return out


def test_anonymous_with_a_photo(client, form_data, tmp_path, settings):
    settings.MEDIA_ROOT = tmp_path
    data = {**form_data, "anonymous": "on", "reporter_name": "", "reporter_phone": "", "attachments": [_png()]}
    response = client.post(REPORT, data)
    assert response.status_code == 302
    concern = Concern.objects.get()
    assert concern.anonymous and not concern.reporter_name
    attachment = concern.attachments.get()
    assert attachment.content_type == "image/jpeg"
    page = client.get(f"/track/{concern.tracking_code}/").content.decode()
    photo_url = reverse("voice_public:photo", args=[concern.tracking_code, attachment.pk])
    assert photo_url in page
    assert client.get(photo_url)["Content-Type"] == "image/jpeg"


def test_csrf_is_checked(form_data):
    strict = Client(enforce_csrf_checks=True)
    assert strict.post(REPORT, form_data).status_code == 403
    assert Concern.objects.count() == 0


@pytest.mark.parametrize("confidential", [False, True])
def test_track_shows_no_personal_data(client, make_concern, users, confidential):
    concern = make_concern(reporter_email="dara@example.org", confidential=confidential)
    officer = users[Role.PROVINCIAL_OFFICER]
    concern_transition(
        acting_user=officer,
        concern=concern,
        status=Status.ACKNOWLEDGED,
        public_note="We will visit the village next week.",
        internal_note="Officer Kim Sreymom to check the pump; call 099 888 777.",
    )
    html = client.get(f"/track/{concern.tracking_code}/").content.decode()
    assert "We will visit the village next week." in html
    for secret in ("Sok Dara", "012", "345 678", "dara@example.org", "Kim Sreymom", "099 888 777", officer.username):
        assert secret not in html
    assert ("អណ្ដូងទឹក" in html) is not confidential  # the text itself only when not confidential


def test_track_lookup_and_unknown_code(client, make_concern):
    concern = make_concern()
    typed = concern.tracking_code.lower().replace("-", " ")
    response = client.get("/track/", {"code": typed})
    assert response.status_code == 302 and response["Location"] == f"/track/{concern.tracking_code}/"
    unknown = client.get("/track/ZZZZ-ZZZZ/")
    assert unknown.status_code == 404 and 'data-testid="track-unknown"' in unknown.content.decode()


def test_script_in_text_comes_back_as_text(client, form_data):
    text = 'Broken well <script>alert("x")</script> and 5 < 6 & "quoted" <b>bold</b>'
    response = client.post(REPORT, {**form_data, "description": text, "address_detail": "<img src=x onerror=1>"})
    assert response.status_code == 302
    html = client.get(response["Location"]).content.decode()
    assert "<script>alert" not in html and "<b>bold" not in html and "onerror" not in html
    assert "5 &lt; 6 &amp; &quot;quoted&quot;" in html


def _answer(concern, officer, status=Status.RESOLVED):
    concern_transition(acting_user=officer, concern=concern, status=Status.ACKNOWLEDGED, public_note="Seen.")
    concern_transition(acting_user=officer, concern=concern, status=status, public_note="The well is repaired.")
    concern.refresh_from_db()
    return concern


def test_rating_once_answered(client, make_concern, users):
    concern = make_concern()
    url = f"/track/{concern.tracking_code}/"
    assert 'data-testid="rate-form"' not in client.get(url).content.decode()
    _answer(concern, users[Role.PROVINCIAL_OFFICER])
    page = client.get(url).content.decode()
    assert 'data-testid="rate-form"' in page and 'data-testid="reopen-form"' in page
    english(client)
    refused = client.post(url, {"action": "rate", "satisfied": "no", "reason": ""})
    assert refused.status_code == 400 and "Say why you are not satisfied." in refused.content.decode()
    done = client.post(url, {"action": "rate", "satisfied": "yes", "reason": "Quick work"})
    assert done.status_code == 302 and done["Location"].endswith("?done=rated")
    concern.refresh_from_db()
    assert concern.satisfied is True and concern.rated_at
    assert 'data-testid="rate-form"' not in client.get(url).content.decode()
    assert VoiceTally.objects.get(area_key="11", dimension="satisfied:1").value == 1


def test_reopening_within_30_days_only(client, make_concern, users):
    concern = _answer(make_concern(), users[Role.PROVINCIAL_OFFICER])
    url = f"/track/{concern.tracking_code}/"
    english(client)
    empty = client.post(url, {"action": "reopen", "reason": ""})
    assert empty.status_code == 400 and "Say why the concern is not solved." in empty.content.decode()
    done = client.post(url, {"action": "reopen", "reason": "It broke again"})
    assert done.status_code == 302
    concern.refresh_from_db()
    assert concern.status == Status.REOPENED
    assert "It broke again" in client.get(url).content.decode()
    late = _answer_again(concern, users[Role.PROVINCIAL_OFFICER])
    Concern.objects.filter(pk=late.pk).update(answered_at=timezone.now() - datetime.timedelta(days=31))
    page = client.get(url).content.decode()
    assert 'data-testid="reopen-form"' not in page
    refused = client.post(url, {"action": "reopen", "reason": "Still broken"})
    assert refused.status_code == 400 and "within 30 days" in refused.content.decode()


def _answer_again(concern, officer):
    concern_transition(acting_user=officer, concern=concern, status=Status.RESOLVED, public_note="Fixed again.")
    concern.refresh_from_db()
    return concern


def test_merged_duplicate_shows_primary(client, make_concern, users):
    officer = users[Role.PROVINCIAL_OFFICER]
    primary = make_concern()
    duplicate = make_concern(reporter_name="Chan Thy", reporter_phone="097 111 2222")
    concern_merge(acting_user=officer, primary=primary, duplicates=[duplicate])
    _answer(primary, officer)
    html = client.get(f"/track/{duplicate.tracking_code}/").content.decode()
    assert 'data-testid="merged"' in html and primary.tracking_code in html
    assert "The well is repaired." in html and "Chan Thy" not in html
    # Rating goes to the primary's page.
    assert client.post(f"/track/{duplicate.tracking_code}/", {"action": "rate"}).status_code == 302


def test_statistics_page_from_known_concerns(client, make_concern, users, areas):
    officer = users[Role.PROVINCIAL_OFFICER]
    now = timezone.now()
    on_time = _answer(make_concern(), officer)  # answered at once: on time, 0 days
    late = make_concern(received_at=now - datetime.timedelta(days=40))  # water: 30 days to resolve
    _answer(late, officer)
    make_concern()  # still open
    from frontline.voice.services import concern_rate

    concern_rate(concern=on_time, satisfied=True)
    concern_rate(concern=late, satisfied=False, reason="Too slow")
    year = now.year if late.received_at.year == now.year else None
    figures = summarise(by_area(read_tallies(["11"], [year] if year else None))["11"])
    assert figures.received == 3 and figures.answered == 2 and figures.on_time == 1
    assert figures.on_time_share == 0.5 and figures.median_resolve_days == 20.0  # (0 + 40) / 2
    assert figures.satisfaction_share == 0.5
    english(client)
    page = client.get("/open-data/" + (f"?year={year}" if year else ""))
    assert page.status_code == 200
    html = page.content.decode()
    row = html.split('data-province="11"')[1].split("</tr>")[0]
    assert ">3<" in row and "50%" in row and "20.0" in row
    assert 'data-province="08"' in html


def test_median_from_histogram():
    assert median_from_histogram({}) is None
    assert median_from_histogram({3: 1}) == 3
    assert median_from_histogram({1: 2, 4: 1}) == 1
    assert median_from_histogram({0: 1, 2: 1, 10: 2}) == 6
    assert read_tallies([]) == Counter()


def test_updates_kept_whole_on_refused_rating(client, make_concern):
    concern = make_concern()
    before = ConcernUpdate.objects.count()
    response = client.post(f"/track/{concern.tracking_code}/", {"action": "rate", "satisfied": "yes"})
    assert response.status_code == 400
    assert ConcernUpdate.objects.count() == before
