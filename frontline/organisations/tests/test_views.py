import pytest

from frontline.accounts.roles import Role
from frontline.organisations.models import Organisation

pytestmark = pytest.mark.django_db


def test_create_unit_with_field_errors_then_success(client, users, orgs):
    client.force_login(users[Role.NATIONAL_ADMIN])
    bad = client.post("/en/organisations/new/", {"code": "x y", "kind": "planet", "name_km": "", "area_code": "999"})
    body = bad.content.decode()
    assert bad.status_code == 200 and body.count('class="field has-error"') >= 4
    assert "No province, district or commune has this code." in body
    good = client.post(
        "/en/organisations/new/",
        {
            "code": "dosvy-1101",
            "parent": orgs["dosvy-11"].pk,
            "kind": "office",
            "name_km": "ការិយាល័យសង្គមកិច្ច",
            "name_en": "Kaev Seima Social Affairs Office",
            "area_code": "1101",
            "is_active": "on",
        },
    )
    assert good.status_code == 302
    created = Organisation.objects.get(code="dosvy-1101")
    assert created.path.startswith(orgs["dosvy-11"].path) and created.area_code == "1101"


def test_edit_changes_area_and_keeps_code(client, users, orgs):
    client.force_login(users[Role.NATIONAL_ADMIN])
    organisation = orgs["admin-1101"]
    response = client.post(
        f"/en/organisations/{organisation.pk}/edit/",
        {
            "code": "hacked",
            "kind": organisation.kind,
            "name_km": organisation.name_km,
            "name_en": "Renamed",
            "area_code": "1105",
            "is_active": "on",
        },
    )
    assert response.status_code == 302
    organisation.refresh_from_db()
    assert organisation.code == "admin-1101" and organisation.area_code == "1105" and organisation.name_en == "Renamed"


def test_national_roots_need_a_national_grant(client, areas, orgs):
    from conftest import user_with

    client.force_login(user_with("provincial-admin", Role.NATIONAL_ADMIN, area=areas["11"]))
    response = client.post(
        "/en/organisations/new/",
        {"code": "new-ministry", "kind": "ministry", "name_km": "ក", "name_en": "New"},
    )
    assert "Choose the organisation this unit belongs to." in response.content.decode()
    assert not Organisation.objects.filter(code="new-ministry").exists()
