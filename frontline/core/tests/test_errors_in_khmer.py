"""Error pages and API errors in the user's language; no English leaks onto Khmer pages."""

import json

import pytest
from django.test import Client

from frontline.accounts.roles import Role

pytestmark = pytest.mark.django_db


def test_404_page_is_ours_and_in_khmer(client, users):
    client.force_login(users[Role.NATIONAL_ADMIN])
    response = client.get("/km/officials/999999/")
    assert response.status_code == 404
    body = response.content.decode()
    assert "រកមិនឃើញទំព័រ" in body and 'lang="km"' in body and "Page not found" not in body


def test_500_page_extends_the_layout_in_the_users_language(users, settings):
    from django.urls import path

    import config.urls

    def broken(request):
        raise RuntimeError("boom")

    settings.ROOT_URLCONF = type("urls", (), {"urlpatterns": [path("km/broken/", broken), *config.urls.urlpatterns]})
    client = Client(raise_request_exception=False)
    client.force_login(users[Role.NATIONAL_ADMIN])
    response = client.get("/km/broken/", HTTP_ACCEPT_LANGUAGE="km")
    assert response.status_code == 500
    body = response.content.decode()
    assert "មានបញ្ហាកើតឡើង" in body and "css/app" in body


def test_csrf_failure_is_a_translated_page(users):
    client = Client(enforce_csrf_checks=True)
    client.force_login(users[Role.NATIONAL_ADMIN])
    response = client.post("/km/organisations/new/", {"code": "x"})
    assert response.status_code == 403
    assert "ទម្រង់នេះផុតកំណត់" in response.content.decode()


def test_csrf_failure_on_api_writes_is_json_in_khmer(users):
    client = Client(enforce_csrf_checks=True)
    client.force_login(users[Role.NATIONAL_ADMIN])
    response = client.post("/api/v1/officials", json.dumps({}), content_type="application/json")
    assert response.status_code == 403
    assert "CSRF" in response.json()["detail"] and "សុវត្ថិភាព" in response.json()["detail"]


def test_unknown_api_paths_and_wrong_methods_answer_json(client, users):
    client.force_login(users[Role.NATIONAL_ADMIN])
    unknown = client.get("/api/v1/nothing-here", HTTP_ACCEPT_LANGUAGE="km")
    assert unknown.status_code == 404 and unknown.json()["detail"] == "រកមិនឃើញ។"
    wrong = client.delete("/api/v1/officials", HTTP_ACCEPT_LANGUAGE="en")
    assert wrong.status_code == 405
    assert wrong.json() == {"detail": "This method is not allowed here."}
    assert "GET" in wrong["Allow"]


def test_organisation_choices_are_in_khmer_on_khmer_pages(client, users, orgs):
    client.force_login(users[Role.NATIONAL_ADMIN])
    body = client.get("/km/organisations/choose/?for=parent&name=parent&parent_search=mosvy").content.decode()
    assert "ក្រសួងសង្គមកិច្ច" in body and "Ministry of Social Affairs" not in body


def test_an_oversized_api_body_is_a_json_400(client, users, settings):
    settings.DATA_UPLOAD_MAX_MEMORY_SIZE = 1000
    client.force_login(users[Role.NATIONAL_ADMIN])
    body = json.dumps({"family_name_km": "ក" * 2000})
    response = client.post("/api/v1/officials", body, content_type="application/json", HTTP_ACCEPT_LANGUAGE="en")
    assert response.status_code == 400
    assert response.json()["detail"].startswith("The request could not be understood")
