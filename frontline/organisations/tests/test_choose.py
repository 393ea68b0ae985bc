"""Organisation search fields: small scoped fragments instead of a <select> of every unit."""

import pytest

from frontline.accounts.roles import Role
from frontline.people.models import Person

pytestmark = pytest.mark.django_db


def choose(client, purpose, text, name="organisation"):
    return client.get("/en/organisations/choose/", {"for": purpose, "name": name, f"{name}_search": text})


def test_choices_are_scoped_by_the_forms_permission(client, users, orgs):
    client.force_login(users[Role.PROVINCIAL_OFFICER])
    response = choose(client, "officials", "social")
    body = response.content.decode()
    assert response.status_code == 200 and "<html" not in body and len(response.content) < 20 * 1024
    assert "Mondulkiri Department of Social Affairs" in body
    assert "Kandal" not in body and "Ministry" not in body
    assert f'data-choice-value="{orgs["dosvy-11"].pk}"' in body


def test_choices_need_the_permission_and_a_known_purpose(client, users, orgs):
    client.force_login(users[Role.TRAINER])
    assert choose(client, "officials", "").status_code == 404
    client.force_login(users[Role.PROVINCIAL_OFFICER])
    assert choose(client, "parent", "").status_code == 404  # no organisations.change
    assert choose(client, "anything", "").status_code == 404


def test_official_form_has_a_search_field_not_a_select_of_every_unit(client, users, orgs):
    client.force_login(users[Role.NATIONAL_ADMIN])
    body = client.get("/en/officials/new/").content.decode()
    assert "<option" not in body.split('name="organisation"')[1].split("</div>")[0]
    assert "/en/organisations/choose/?for=officials" in body
    assert 'for="id_organisation_search"' in body


OFFICIAL = {
    "family_name_km": "ពេជ្រ",
    "given_name_km": "បុប្ផា",
    "family_name_latin": "Pich",
    "given_name_latin": "Bopha",
    "sex": "F",
    "position": "Social worker",
    "level": "technical",
    "start_date": "2024-01-15",
}


def test_without_javascript_a_typed_code_is_accepted_within_scope(client, users, orgs):
    client.force_login(users[Role.PROVINCIAL_OFFICER])
    outside = client.post("/en/officials/new/", {**OFFICIAL, "organisation": "", "organisation_search": "dosvy-08"})
    assert outside.status_code == 200 and "has-error" in outside.content.decode()
    assert 'value="dosvy-08"' in outside.content.decode()  # what was typed comes back
    inside = client.post("/en/officials/new/", {**OFFICIAL, "organisation": "", "organisation_search": "dosvy-11"})
    assert inside.status_code == 302
    assert Person.objects.get(family_name_latin="Pich").organisation == orgs["dosvy-11"]


def test_a_chosen_unit_is_shown_by_name_after_an_error(client, users, orgs):
    client.force_login(users[Role.PROVINCIAL_OFFICER])
    response = client.post(
        "/en/officials/new/", {**OFFICIAL, "family_name_km": "", "organisation": orgs["dosvy-11"].pk}
    )
    body = response.content.decode()
    assert f'name="organisation" value="{orgs["dosvy-11"].pk}"' in body
    assert 'value="Mondulkiri Department of Social Affairs"' in body
