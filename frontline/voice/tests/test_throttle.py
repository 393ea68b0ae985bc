"""Rate limits per client address (429 + Retry-After) and the intake admission gate (503 +
Retry-After, nothing written) on the public form and the Open311 POST."""

import pytest
from django.core.cache import cache
from django.utils import translation

from frontline.voice import throttle
from frontline.voice.models import Attachment, Concern, ConcernUpdate, VoiceTally
from frontline.voice.open311 import issue_key


def test_parse_limits():
    assert throttle.parse_limits("10/minute, 100/day") == [(10, 60), (100, 86400)]
    assert throttle.parse_limits("") == []


@pytest.mark.parametrize("language", ["km", "en"])
def test_form_limited_per_address_in_users_language(client, form_data, settings, language):
    settings.VOICE_RATE_LIMITS = {"report": "2/minute,100/day"}
    client.cookies["frontline_language"] = language
    assert client.post("/report/", form_data).status_code == 302
    assert client.post("/report/", form_data).status_code == 302
    refused = client.post("/report/", form_data)
    assert refused.status_code == 429
    assert 1 <= int(refused["Retry-After"]) <= 60
    with translation.override(language):
        expected = translation.gettext(
            "Too many requests from your connection. Please try again in %(seconds)s seconds."
        )
    assert expected.split("%(seconds)s")[0].strip() in refused.content.decode()
    assert Concern.objects.count() == 2
    # Another address is not affected.
    assert client.post("/report/", form_data, REMOTE_ADDR="10.1.1.9").status_code == 302


def test_trusted_proxy_forwards_the_client_address(client, form_data, settings):
    settings.VOICE_RATE_LIMITS = {"report": "1/minute"}
    settings.FRONTLINE_TRUSTED_PROXIES = ["127.0.0.1"]
    assert client.post("/report/", form_data, HTTP_X_FORWARDED_FOR="203.0.113.5").status_code == 302
    assert client.post("/report/", form_data, HTTP_X_FORWARDED_FOR="203.0.113.6").status_code == 302
    assert client.post("/report/", form_data, HTTP_X_FORWARDED_FOR="203.0.113.5").status_code == 429
    # Without trust the header is ignored: the connecting address counts.
    settings.FRONTLINE_TRUSTED_PROXIES = []
    cache.clear()
    assert client.post("/report/", form_data, HTTP_X_FORWARDED_FOR="203.0.113.7").status_code == 302
    assert client.post("/report/", form_data, HTTP_X_FORWARDED_FOR="203.0.113.8").status_code == 429


def test_open311_limited_with_its_error_format(client, categories, village, settings):
    settings.VOICE_RATE_LIMITS = {"open311": "1/minute"}
    key = issue_key("app")[1]
    data = {"api_key": key, "service_code": "water", "address_id": village.code, "description": "Broken well here."}
    assert client.post("/open311/v2/requests.json", data).status_code == 201
    refused = client.post("/open311/v2/requests.json", data)
    assert refused.status_code == 429 and refused["Retry-After"]
    assert refused.json()[0]["code"] == 429
    assert Concern.objects.count() == 1


def _nothing_written():
    assert Concern.objects.count() == 0
    assert ConcernUpdate.objects.count() == 0
    assert Attachment.objects.count() == 0
    assert VoiceTally.objects.count() == 0


def test_gate_full_answers_503_and_writes_nothing(client, form_data, categories, village, settings):
    settings.VOICE_INTAKE_CONCURRENCY = 1
    settings.VOICE_INTAKE_QUEUE_WAIT = 0.05
    settings.VOICE_INTAKE_RETRY_AFTER = 3
    key = issue_key("app")[1]
    semaphore = throttle.intake_gate.semaphore()
    assert semaphore.acquire(timeout=1)  # another request is in
    try:
        client.cookies["frontline_language"] = "en"
        page = client.post("/report/", form_data)
        assert page.status_code == 503 and page["Retry-After"] == "3"
        assert "Nothing was saved" in page.content.decode()
        api = client.post(
            "/open311/v2/requests.xml",
            {"api_key": key, "service_code": "water", "address_id": village.code, "description": "Broken well here."},
        )
        assert api.status_code == 503 and api["Retry-After"] == "3" and b"<code>503</code>" in api.content
        _nothing_written()
    finally:
        semaphore.release()
    assert client.post("/report/", form_data).status_code == 302  # free again
    assert Concern.objects.count() == 1


def test_gate_lets_one_through_per_slot(settings):
    settings.VOICE_INTAKE_CONCURRENCY = 2
    settings.VOICE_INTAKE_QUEUE_WAIT = 0
    with (
        throttle.intake_gate.admitted(),
        throttle.intake_gate.admitted(),
        pytest.raises(throttle.Overloaded),
        throttle.intake_gate.admitted(),
    ):
        pass
    with throttle.intake_gate.admitted():
        pass


@pytest.mark.django_db(transaction=True)
def test_load_generator_against_a_live_server(live_server, areas, village, settings):
    """The open-model generator of the intake load test, briefly, against the test server: every
    answer is counted and every 2xx is a whole concern."""
    import asyncio
    from urllib.parse import urlsplit

    from frontline.benchmarks import voice_load
    from frontline.voice.models import Category

    settings.VOICE_RATE_LIMITS = {}
    Category.objects.get_or_create(code="water", defaults={"name_km": "ទឹក", "name_en": "Water"})
    bodies = voice_load._bodies(issue_key("load")[1], count=10)
    port = urlsplit(live_server.url).port
    result = asyncio.run(voice_load._drive(port, 10, 1.0, bodies))
    ok, limited, busy, other = voice_load._status_groups(result.statuses)
    assert result.client_errors == 0 and (ok, limited, busy, other) == (10, 0, 0, 0)
    assert voice_load._durability(0) == (10, 0)
    assert result.percentile(0.95) > 0
