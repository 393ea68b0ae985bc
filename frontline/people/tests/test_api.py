import json

import pytest
from auditlog.models import LogEntry

from frontline.accounts.roles import Role

pytestmark = pytest.mark.django_db


def token_for(client, username):
    response = client.post(
        "/api/v1/auth/token",
        {"username": username, "password": "pass-word-123"},
        content_type="application/json",
    )
    assert response.status_code == 200, response.content
    return response.json()["token"]


def test_token_gives_scoped_access(client, users, officials):
    token = token_for(client, "mondulkiri")
    client.logout()
    response = client.get("/api/v1/officials", HTTP_AUTHORIZATION=f"Bearer {token}")
    assert response.status_code == 200
    body = response.json()
    assert body["count"] == 2
    assert {item["area_code"] for item in body["items"]} == {"11", "1101"}


def test_wrong_password_is_401_and_unknown_token_is_401(client, users):
    response = client.post(
        "/api/v1/auth/token", {"username": "national", "password": "nope"}, content_type="application/json"
    )
    assert response.status_code == 401
    assert "detail" in response.json()
    assert client.get("/api/v1/officials", HTTP_AUTHORIZATION="Bearer not-a-token").status_code == 401


def test_repeated_failures_lock_the_account(client, users, settings):
    for _ in range(settings.AXES_FAILURE_LIMIT):
        client.post("/api/v1/auth/token", {"username": "national", "password": "bad"}, content_type="application/json")
    response = client.post(
        "/api/v1/auth/token",
        {"username": "national", "password": "pass-word-123"},
        content_type="application/json",
        HTTP_ACCEPT_LANGUAGE="en",
    )
    assert response.status_code == 429
    assert "locked" in response.json()["detail"]
    in_khmer = client.post(
        "/api/v1/auth/token", {"username": "national", "password": "pass-word-123"}, content_type="application/json"
    )
    assert in_khmer.status_code == 429
    assert "ចាក់សោ" in in_khmer.json()["detail"]


def test_filters_and_search(client, users, officials):
    client.force_login(users[Role.NATIONAL_ADMIN])
    assert client.get("/api/v1/officials?area=1101").json()["count"] == 1
    assert client.get("/api/v1/officials?q=sókha").json()["count"] == 0
    found = client.get("/api/v1/officials?q=chanthy").json()
    assert [item["given_name_latin"] for item in found["items"]] == ["Chanthy"]
    khmer = client.get("/api/v1/officials", {"q": "សុខចាន់ធី"}).json()
    assert [item["id"] for item in khmer["items"]] == [officials["in_mondulkiri"].pk]
    names = [item["family_name_latin"] for item in client.get("/api/v1/officials?sort=name").json()["items"]]
    assert names == sorted(names)


def test_detail_has_post_history(client, users, officials):
    client.force_login(users[Role.NATIONAL_ADMIN])
    body = client.get(f"/api/v1/officials/{officials['in_kandal'].pk}").json()
    assert body["posts"][0]["organisation"] == "Kandal Department of Social Affairs"
    assert body["posts"][0]["end_date"] is None


def test_bad_input_answers_400_with_field_errors(client, users, orgs):
    client.force_login(users[Role.NATIONAL_ADMIN])
    assert client.get("/api/v1/officials?limit=abc").status_code == 400
    response = client.get("/api/v1/officials?limit=abc", HTTP_ACCEPT_LANGUAGE="en")
    assert response.json()["errors"] == {"limit": ["Enter a whole number."]}
    assert client.get("/api/v1/areas?level=planet").status_code == 400
    malformed = client.post("/api/v1/officials", "{not json", content_type="application/json")
    assert malformed.status_code == 400
    assert "detail" in malformed.json()


def test_create_official_validates_and_audits(client, users, orgs):
    token = token_for(client, "mondulkiri")
    client.logout()
    auth = {"HTTP_AUTHORIZATION": f"Bearer {token}"}
    payload = {
        "family_name_km": "សុខ",
        "given_name_km": "ដារ៉ា",
        "sex": "F",
        "organisation_id": orgs["dosvy-08"].pk,
        "position": "Social worker",
        "level": "technical",
        "start_date": "2024-01-01",
    }
    outside = client.post("/api/v1/officials", json.dumps(payload), content_type="application/json", **auth)
    assert outside.status_code == 400
    assert "organisation_id" in outside.json()["errors"]
    payload["organisation_id"] = orgs["dosvy-11"].pk
    created = client.post("/api/v1/officials", json.dumps(payload), content_type="application/json", **auth)
    assert created.status_code == 201, created.content
    entry = LogEntry.objects.filter(object_pk=str(created.json()["id"]), content_type__model="person").first()
    assert entry is not None and entry.actor.username == "mondulkiri"


def test_unknown_ids_are_404_json(client, users):
    client.force_login(users[Role.NATIONAL_ADMIN])
    response = client.get("/api/v1/officials/999999")
    assert response.status_code == 404
    assert response.json() == {"detail": "Not found."} or "detail" in response.json()
    assert client.get("/api/v1/areas/99").status_code == 404


def test_openapi_schema_is_served(client, db):
    schema = client.get("/api/v1/openapi.json").json()
    assert "/api/v1/officials" in schema["paths"]
    assert "/api/v1/auth/token" in schema["paths"]


def test_tokens_are_revoked_by_delete_not_by_browser_sign_out(client, users):
    from frontline.accounts.models import ApiToken

    token = token_for(client, "mondulkiri")
    auth = {"HTTP_AUTHORIZATION": f"Bearer {token}"}
    client.post("/en/accounts/logout/")  # signing out of the browser
    assert client.get("/api/v1/officials", **auth).status_code == 200
    other = token_for(client, "mondulkiri")
    client.logout()
    revoked = client.delete("/api/v1/auth/token", **auth)
    assert revoked.status_code == 204
    assert client.get("/api/v1/officials", **auth).status_code == 401
    assert client.get("/api/v1/officials", HTTP_AUTHORIZATION=f"Bearer {other}").status_code == 200
    entry = LogEntry.objects.filter(content_type__model="apitoken", action=LogEntry.Action.DELETE).get()
    assert entry.actor.username == "mondulkiri"
    assert ApiToken.objects.filter(user=users[Role.PROVINCIAL_OFFICER]).count() == 1


def test_revoking_needs_a_bearer_token(client, users):
    client.force_login(users[Role.PROVINCIAL_OFFICER])
    assert client.delete("/api/v1/auth/token").status_code == 401


def test_a_deactivated_users_tokens_stop_working(client, users):
    token = token_for(client, "mondulkiri")
    user = users[Role.PROVINCIAL_OFFICER]
    user.is_active = False
    user.save()
    assert client.get("/api/v1/officials", HTTP_AUTHORIZATION=f"Bearer {token}").status_code == 401
