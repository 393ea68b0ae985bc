"""Open311 GeoReport v2: every endpoint in JSON and XML, the spec's error format, API keys, and
a client that was not written here (the `georeport` library from PyPI) against a live server."""

import hashlib
import io
import json
import xml.etree.ElementTree as ET  # noqa: S405 - parsing our own answers in tests

import pytest
from django.core.management import call_command

from frontline.accounts.roles import Role
from frontline.voice.models import ApiKey, Category, Concern, ConcernUpdate, Status
from frontline.voice.open311 import issue_key
from frontline.voice.services import concern_transition

BASE = "/open311/v2/"


@pytest.fixture
def api_key(db):
    return issue_key("Test app")[1]


def xml_of(response) -> ET.Element:
    assert response["Content-Type"].startswith("text/xml")
    return ET.fromstring(response.content)  # noqa: S314 - our own answer


def post(client, fmt="json", **data):
    return client.post(f"{BASE}requests.{fmt}", data)


def test_discovery_in_both_formats(client):
    data = client.get(f"{BASE}discovery.json").json()
    endpoint = data["endpoints"][0]
    assert endpoint["specification"] == "http://wiki.open311.org/GeoReport_v2"
    assert endpoint["url"].endswith("/open311/v2/") and set(endpoint["formats"]) == {"text/xml", "application/json"}
    root = xml_of(client.get(f"{BASE}discovery.xml"))
    assert root.tag == "discovery"
    assert [f.text for f in root.findall("endpoints/endpoint/formats/format")] == ["text/xml", "application/json"]


def test_services_are_the_active_categories(client, categories):
    Category.objects.filter(code="other").update(is_active=False)
    listed = client.get(f"{BASE}services.json", HTTP_ACCEPT_LANGUAGE="en").json()
    codes = [service["service_code"] for service in listed]
    assert "water" in codes and "other" not in codes
    water = next(service for service in listed if service["service_code"] == "water")
    # metadata: every service declares attributes (confidential, reporter_group) in its definition.
    assert water["metadata"] is True and water["type"] == "realtime" and water["service_name"] == "Water"
    assert water["group"]
    root = xml_of(client.get(f"{BASE}services.xml"))
    assert root.tag == "services" and "water" in [s.findtext("service_code") for s in root.findall("service")]
    assert root.find("service/metadata").text == "true"
    assert client.get(f"{BASE}services/water.json").json()["service_code"] == "water"
    definition = xml_of(client.get(f"{BASE}services/water.xml"))
    assert definition.tag == "service_definition" and definition.findtext("service_code") == "water"


def test_service_definitions_declare_the_public_forms_questions(client, categories):
    """What the public form asks besides the description and contact - confidential, and the
    group the person belongs to - as GeoReport v2 attributes with their values."""
    definition = client.get(f"{BASE}services/water.json", HTTP_ACCEPT_LANGUAGE="en").json()
    attributes = {attribute["code"]: attribute for attribute in definition["attributes"]}
    assert list(attributes) == ["confidential", "reporter_group"]
    for order, attribute in enumerate(definition["attributes"], 1):
        assert attribute["variable"] is True and attribute["datatype"] == "singlevaluelist"
        assert attribute["required"] is False and attribute["order"] == order and attribute["description"]
        assert set(attribute) >= {"datatype_description", "values"}
    assert attributes["confidential"]["values"] == [{"key": "false", "name": "No"}, {"key": "true", "name": "Yes"}]
    assert attributes["reporter_group"]["values"] == [
        {"key": "citizen", "name": "Citizen"},
        {"key": "youth", "name": "Youth"},
        {"key": "provider", "name": "Service provider"},
    ]
    khmer = client.get(f"{BASE}services/water.json").json()["attributes"][1]
    assert khmer["values"][1]["name"] == "យុវជន"
    root = xml_of(client.get(f"{BASE}services/water.xml", HTTP_ACCEPT_LANGUAGE="en"))
    assert [a.findtext("code") for a in root.findall("attributes/attribute")] == ["confidential", "reporter_group"]
    assert root.findtext("attributes/attribute/variable") == "true"
    assert root.findtext("attributes/attribute/datatype") == "singlevaluelist"
    keys = [v.findtext("key") for v in root.findall("attributes/attribute[code='reporter_group']/values/value")]
    assert keys == ["citizen", "youth", "provider"]


def test_unknown_service_and_paths_answer_the_error_format(client, categories):
    missing = client.get(f"{BASE}services/nothing.json")
    assert missing.status_code == 404 and missing.json()[0]["code"] == 404 and missing.json()[0]["description"]
    root = xml_of(client.get(f"{BASE}services/nothing.xml"))
    assert root.tag == "errors" and root.findtext("error/code") == "404"
    assert client.get(f"{BASE}requests.csv").status_code == 404
    assert client.get(f"{BASE}requests/ZZZZ-ZZZZ.json").status_code == 404
    assert client.get(f"{BASE}tokens/not-a-token.json").status_code == 404
    assert client.delete(f"{BASE}requests.json").status_code == 405


def test_post_needs_a_key(client, api_key, categories, village):
    missing = post(client, service_code="water", address_id=village.code, description="The well is broken again.")
    assert missing.status_code == 403 and missing.json()[0]["code"] == 403
    wrong = post(client, "xml", api_key="guess", service_code="water", address_id=village.code)
    assert wrong.status_code == 403 and xml_of(wrong).findtext("error/code") == "403"
    ApiKey.objects.update(revoked_at="2026-01-01T00:00:00Z")
    revoked = post(client, api_key=api_key, service_code="water", address_id=village.code, description="Broken well.")
    assert revoked.status_code == 403
    assert Concern.objects.count() == 0


def test_post_refusals(client, api_key, categories, village):
    def refused(fmt="json", **data):
        response = post(client, fmt, api_key=api_key, **data)
        assert response.status_code == 400, response.content
        return response

    good = {"service_code": "water", "address_id": village.code, "description": "The well is broken again."}
    assert "service_code" in refused(**{**good, "service_code": ""}).json()[0]["description"]
    assert refused(**{**good, "service_code": "nothing"}).json()[0]["code"] == 400
    assert refused(**{**good, "address_id": "99999999"})
    assert refused(**{**good, "address_id": "11"})  # a province is too wide
    no_place = {key: value for key, value in good.items() if key != "address_id"}
    assert refused(**no_place)
    assert refused(**{**no_place, "lat": "12.45", "long": "107.19"})  # a position alone
    assert refused(**{**good, "lat": "north", "long": "107"})
    short = refused("xml", **{**good, "description": "hole"})
    assert xml_of(short).findtext("error/description").startswith("description:")
    assert Concern.objects.count() == 0 and ConcernUpdate.objects.count() == 0


def test_post_then_read_back_in_both_formats(client, api_key, categories, village, users):
    response = post(
        client,
        api_key=api_key,
        service_code="water",
        address_id=village.code,
        address_string="Near the pagoda",
        lat="12.456789",
        long="107.187654",
        description="The well is broken again.",
        first_name="Dara",
        last_name="Sok",
        phone="012 345 678",
        email="dara@example.org",
    )
    assert response.status_code == 201
    created = response.json()[0]
    concern = Concern.objects.get()
    assert created["service_request_id"] == concern.tracking_code and created["token"] == str(concern.token)
    assert concern.channel == "api" and concern.reporter_name == "Sok Dara" and not concern.anonymous
    assert not concern.confidential and concern.reporter_group == "citizen"  # the attributes' defaults
    assert concern.updates.count() == 1
    concern_transition(
        acting_user=users[Role.PROVINCIAL_OFFICER],
        concern=concern,
        status=Status.ACKNOWLEDGED,
        public_note="A team visits on Monday.",
        internal_note="Sok Dara is the village chief's cousin.",
    )
    detail = client.get(f"{BASE}requests/{concern.tracking_code}.json", HTTP_ACCEPT_LANGUAGE="en").json()[0]
    assert detail["status"] == "open" and detail["status_notes"] == "A team visits on Monday."
    assert detail["service_code"] == "water" and detail["address_id"] == village.code
    assert detail["agency_responsible"] == "Srae Khtum Commune Administration"
    assert detail["lat"] == pytest.approx(12.456789) and detail["long"] == pytest.approx(107.187654)
    assert detail["requested_datetime"].endswith("+07:00") and detail["expected_datetime"]
    assert "Pu Lung" in detail["address"] and "Near the pagoda" in detail["address"]
    text = json.dumps(detail, ensure_ascii=False)
    assert "Sok" not in text and "012" not in text and "example.org" not in text and "cousin" not in text
    root = xml_of(client.get(f"{BASE}requests/{concern.tracking_code}.xml"))
    assert root.tag == "service_requests" and root.findtext("request/service_request_id") == concern.tracking_code
    assert root.findtext("request/status") == "open"
    token = client.get(f"{BASE}tokens/{concern.token}.json").json()
    assert token == [{"service_request_id": concern.tracking_code, "token": str(concern.token)}]
    token_xml = xml_of(client.get(f"{BASE}tokens/{concern.token}.xml"))
    assert token_xml.findtext("request/service_request_id") == concern.tracking_code


def test_post_confidential_as_a_youth_then_read_back_nothing_personal(client, api_key, categories, village, users):
    response = post(
        client,
        "xml",
        api_key=api_key,
        service_code="water",
        address_id=village.code,
        address_string="Behind the house of the village chief",
        lat="12.456789",
        long="107.187654",
        description="My neighbour poisons the well.",
        first_name="Dara",
        last_name="Sok",
        phone="012 345 678",
        **{"attribute[confidential]": "true", "attribute[reporter_group]": "youth"},
    )
    assert response.status_code == 201, response.content
    concern = Concern.objects.get()
    assert xml_of(response).findtext("request/service_request_id") == concern.tracking_code
    assert concern.confidential and concern.reporter_group == "youth" and concern.reporter_name == "Sok Dara"
    concern_transition(
        acting_user=users[Role.PROVINCIAL_OFFICER],
        concern=concern,
        status=Status.ACKNOWLEDGED,
        public_note="Dara, we will call you on Monday.",
    )
    single = client.get(f"{BASE}requests/{concern.tracking_code}.json", HTTP_ACCEPT_LANGUAGE="en").json()[0]
    listed = next(
        row for row in client.get(f"{BASE}requests.json").json() if row["service_request_id"] == concern.tracking_code
    )
    for row in (single, listed):
        assert row["description"] == "" and row["status_notes"] == "" and row["media_url"] == ""
        assert row["lat"] is None and row["long"] is None
        assert row["status"] == "open" and row["service_code"] == "water" and row["address_id"] == village.code
        text = json.dumps(row, ensure_ascii=False)
        for personal in ("Sok", "Dara", "012", "poisons", "chief", "youth", "12.45", "107.18"):
            assert personal not in text, personal
    assert "Pu Lung" in single["address"]
    body = client.get(f"{BASE}requests/{concern.tracking_code}.xml").content.decode()
    for personal in ("Sok", "Dara", "012", "poisons", "chief", "12.45"):
        assert personal not in body, personal


def test_attribute_refusals_in_the_spec_error_format(client, api_key, categories, village):
    good = {"api_key": api_key, "service_code": "water", "address_id": village.code, "description": "Broken well."}

    def refused(fmt="json", **attributes):
        response = post(client, fmt, **good, **{f"attribute[{code}]": value for code, value in attributes.items()})
        assert response.status_code == 400, response.content
        if fmt == "xml":
            root = xml_of(response)
            assert root.tag == "errors" and {e.findtext("code") for e in root.findall("error")} == {"400"}
            return [e.findtext("description") for e in root.findall("error")]
        assert all(error["code"] == 400 for error in response.json())
        return [error["description"] for error in response.json()]

    [unknown] = refused(colour="red")
    assert "attribute[colour]" in unknown
    [bell] = refused("xml", **{"col\x07our": "red"})  # a control character echoed back: still well-formed XML
    assert "attribute[col\ufffdour]" in bell
    [wrong] = refused("xml", confidential="maybe")
    assert "attribute[confidential]" in wrong and "true" in wrong and "false" in wrong
    assert len(refused(confidential="yes", reporter_group="monk")) == 2  # every attribute at fault, at once
    twice = client.post(f"{BASE}requests.json", {**good, "attribute[reporter_group]": ["youth", "citizen"]})
    assert twice.status_code == 400 and "attribute[reporter_group]" in twice.json()[0]["description"]
    listed = client.post(f"{BASE}requests.json", {**good, "attribute[reporter_group][]": "youth"})
    assert listed.status_code == 400 and listed.json()[0]["code"] == 400
    english = client.post(
        f"{BASE}requests.json", {**good, "attribute[confidential]": "maybe"}, HTTP_ACCEPT_LANGUAGE="en"
    )
    assert english.json()[0]["description"] == "attribute[confidential] takes one of these keys: false, true."
    assert wrong != english.json()[0]["description"]  # in the caller's language: Khmer by default
    assert Concern.objects.count() == 0
    empty = post(client, **good, **{"attribute[confidential]": "", "attribute[reporter_group]": "provider"})
    assert empty.status_code == 201
    concern = Concern.objects.get()
    assert not concern.confidential and concern.reporter_group == "provider"


def test_xml_post_and_anonymous(client, api_key, categories, village):
    response = post(
        client, "xml", api_key=api_key, service_code="roads", address_string="Pu Lung", description="Deep holes here."
    )
    assert response.status_code == 201
    root = xml_of(response)
    concern = Concern.objects.get()
    assert root.findtext("request/service_request_id") == concern.tracking_code
    assert concern.anonymous and concern.area == village


def test_list_filters(client, make_concern, users, categories):
    officer = users[Role.PROVINCIAL_OFFICER]
    water = make_concern()
    roads = make_concern(category=categories["roads"], confidential=True)
    concern_transition(acting_user=officer, concern=water, status=Status.ACKNOWLEDGED, public_note="Seen.")
    concern_transition(acting_user=officer, concern=water, status=Status.RESOLVED, public_note="Repaired.")

    def ids(fmt="json", **params):
        response = client.get(f"{BASE}requests.{fmt}", params)
        assert response.status_code == 200, response.content
        if fmt == "xml":
            return {r.findtext("service_request_id") for r in xml_of(response).findall("request")}
        return {row["service_request_id"] for row in response.json()}

    assert ids() == {water.tracking_code, roads.tracking_code}
    assert ids("xml") == {water.tracking_code, roads.tracking_code}
    assert ids(status="closed") == {water.tracking_code}
    assert ids("xml", status="open") == {roads.tracking_code}
    assert ids(service_code="roads") == {roads.tracking_code}
    assert ids(service_request_id=f"{water.tracking_code},{roads.tracking_code.lower()}") == {
        water.tracking_code,
        roads.tracking_code,
    }
    assert ids(start_date="2001-01-01T00:00:00Z", end_date="2001-02-01T00:00:00Z") == set()
    today = water.received_at.date().isoformat()
    assert ids(start_date=today) == {water.tracking_code, roads.tracking_code}
    listed = client.get(f"{BASE}requests.json").json()
    assert next(r for r in listed if r["service_request_id"] == roads.tracking_code)["description"] == ""
    assert next(r for r in listed if r["service_request_id"] == water.tracking_code)["status"] == "closed"
    bad = client.get(f"{BASE}requests.json", {"start_date": "yesterday"})
    assert bad.status_code == 400 and bad.json()[0]["code"] == 400
    wide = client.get(f"{BASE}requests.xml", {"start_date": "2026-01-01", "end_date": "2026-06-01"})
    assert wide.status_code == 400 and xml_of(wide).tag == "errors"
    assert client.get(f"{BASE}requests.json", {"status": "pending"}).status_code == 400


def test_open311_key_command_prints_the_key_once(db):
    out, err = io.StringIO(), io.StringIO()
    call_command("open311_key", "Phnom Penh app", stdout=out, stderr=err)
    raw = out.getvalue().strip()
    key = ApiKey.objects.get()
    assert key.name == "Phnom Penh app" and key.key_hash == hashlib.sha256(raw.encode()).hexdigest()
    assert raw not in err.getvalue() and key.prefix == raw[:8] and len(raw) >= 40


def test_spec_example_post_verbatim(client, api_key, categories, village):
    """The POST example of the GeoReport v2 specification, its body kept as written there except
    api_key, service_code (ours) and address_id added: its lat/long and address_string are in
    San Francisco, which no commune holds."""
    body = (
        f"api_key={api_key}&jurisdiction_id=city.gov&service_code=roads&lat=37.76524078&long=-122.4212043"
        "&address_string=1234+5th+street&email=smit333%40sfgov.edu&device_id=tt222111&account_id=123456"
        "&first_name=john&last_name=smith&phone=111111111&description=A+large+sinkhole+is+destroying+the+street"
        "&media_url=http%3A%2F%2Fwww.city.gov%2Fmedia%2F1234"
    )
    without_place = client.post(f"{BASE}requests.json", body, content_type="application/x-www-form-urlencoded")
    assert without_place.status_code == 400  # 1234 5th street is nowhere in Cambodia
    response = client.post(
        f"{BASE}requests.json", body + f"&address_id={village.code}", content_type="application/x-www-form-urlencoded"
    )
    assert response.status_code == 201
    answer = response.json()
    assert isinstance(answer, list) and {"service_request_id", "service_notice", "account_id"} <= set(answer[0])
    concern = Concern.objects.get(tracking_code=answer[0]["service_request_id"])
    assert concern.reporter_name == "smith john" and concern.reporter_email == "smit333@sfgov.edu"
    assert concern.description == "A large sinkhole is destroying the street"


@pytest.mark.django_db(transaction=True)
def test_georeport_client_from_pypi(live_server, areas, village):
    """georeport (PyPI, Apache-2.0) reads services, definitions and requests in JSON and XML;
    it cannot POST, so a request is made with ours first."""
    from georeport import GeoReport

    from frontline.voice.services import concern_create

    # An earlier transactional test may have flushed the categories the migrations load.
    water, _created = Category.objects.get_or_create(code="water", defaults={"name_km": "ទឹក", "name_en": "Water"})
    concern = concern_create(
        channel="api", category=water, area=village, description="The well is broken again.", anonymous=True
    )
    for output in ("json", "xml"):
        client = GeoReport(f"{live_server.url}/open311/v2/", output_format=output)
        services = client.get_service_list()
        services = services if isinstance(services, list) else [services]  # xmltodict: one is not a list
        assert "water" in [service["service_code"] for service in services]
        definition = client.get_service_definition("water")
        assert definition["service_code"] == "water"
        attributes = definition["attributes"] if output == "json" else definition["attributes"]["attribute"]
        assert [attribute["code"] for attribute in attributes] == ["confidential", "reporter_group"]
        listed = client.get_service_requests(service_code="water", status="open")
        listed = listed if isinstance(listed, list) else [listed]
        assert [row["service_request_id"] for row in listed] == [concern.tracking_code]
        single = client.get_service_request(concern.tracking_code)
        assert single["service_request_id"] == concern.tracking_code and single["status"] == "open"
