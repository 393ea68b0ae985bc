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
        {"code": "new-ministry", "kind": "ministry", "name_km": "ក", "name_en": "New", "area_code": "11"},
    )
    assert "Choose the organisation this unit belongs to." in response.content.decode()
    assert not Organisation.objects.filter(code="new-ministry").exists()


@pytest.fixture
def provincial_admin(areas):
    from conftest import user_with

    return user_with("provincial-admin", Role.NATIONAL_ADMIN, area=areas["11"])


@pytest.mark.parametrize("area_code", ["0801", "", "08"])
def test_create_refuses_an_area_outside_the_users_scope(client, orgs, provincial_admin, area_code):
    client.force_login(provincial_admin)
    response = client.post(
        "/en/organisations/new/",
        {
            "code": "escape",
            "parent": orgs["dosvy-11"].pk,
            "kind": "office",
            "name_km": "ក",
            "name_en": "Escape",
            "area_code": area_code,
        },
    )
    assert response.status_code == 200
    assert "Choose an area within your scope." in response.content.decode()
    assert not Organisation.objects.filter(code="escape").exists()


def test_edit_cannot_move_a_unit_out_of_scope(client, orgs, provincial_admin):
    client.force_login(provincial_admin)
    organisation = orgs["admin-1101"]
    response = client.post(
        f"/en/organisations/{organisation.pk}/edit/",
        {"kind": organisation.kind, "name_km": organisation.name_km, "name_en": "Moved", "area_code": "0801"},
    )
    assert response.status_code == 200 and "Choose an area within your scope." in response.content.decode()
    organisation.refresh_from_db()
    assert organisation.area_code == "1101" and organisation.name_en != "Moved"


def test_service_refuses_results_outside_scope_and_writes_nothing(orgs, areas, provincial_admin):
    from auditlog.models import LogEntry
    from django.core.exceptions import ValidationError

    from frontline.organisations.services import organisation_create, organisation_update

    entries = LogEntry.objects.count()
    with pytest.raises(ValidationError) as moved:
        organisation_update(acting_user=provincial_admin, organisation=orgs["admin-1101"], area=areas["08"])
    assert "area" in moved.value.message_dict
    assert Organisation.objects.get(pk=orgs["admin-1101"].pk).area_code == "1101"
    with pytest.raises(ValidationError) as attached:
        organisation_create(
            acting_user=provincial_admin,
            parent=orgs["mosvy"],
            code="under-ministry",
            kind="office",
            name_km="ក",
            name_en="Under the ministry",
            area=areas["11"],
        )
    assert "parent" in attached.value.message_dict
    assert not Organisation.objects.filter(code="under-ministry").exists()
    assert LogEntry.objects.count() == entries


@pytest.mark.parametrize("under", ["mosvy", None])
def test_the_ten_thousandth_unit_is_refused_not_given_a_wider_path(orgs, under):
    from django.core.exceptions import ValidationError

    from frontline.organisations.services import organisation_create

    parent = orgs[under] if under else None
    Organisation.objects.create(
        code="last-slot", parent=parent, path=(parent.path if parent else "") + "9999", kind="office", name_km="ក"
    )
    with pytest.raises(ValidationError) as refused:
        organisation_create(acting_user=None, parent=parent, code="overflow", kind="office", name_km="ខ", name_en="X")
    assert "parent" in refused.value.message_dict
    assert not Organisation.objects.filter(code="overflow").exists()


def test_list_is_404_without_organisations_view(client, users, orgs):
    client.force_login(users[Role.TRAINER])
    assert client.get("/en/organisations/").status_code == 404


def test_parent_out_of_scope_is_not_shown(client, users, orgs):
    """A Mondulkiri officer sees their provincial department, not the ministry above it."""
    client.force_login(users[Role.PROVINCIAL_OFFICER])
    department = orgs["dosvy-11"]
    api = client.get(f"/api/v1/organisations/{department.pk}").json()
    assert api["parent_id"] is None
    listed = {item["code"]: item for item in client.get("/api/v1/organisations").json()["items"]}
    assert listed["dosvy-11"]["parent_id"] is None
    for page in (client.get(f"/en/organisations/{department.pk}/"), client.get("/en/organisations/")):
        assert "Ministry of Social Affairs" not in page.content.decode()
    client.force_login(users[Role.NATIONAL_ADMIN])
    assert client.get(f"/api/v1/organisations/{department.pk}").json()["parent_id"] == orgs["mosvy"].pk
    assert "Ministry of Social Affairs" in client.get(f"/en/organisations/{department.pk}/").content.decode()


def test_list_and_api_sort_by_name_kind_and_tree(client, users, orgs):
    client.force_login(users[Role.NATIONAL_ADMIN])

    def codes(**params):
        return [item["code"] for item in client.get("/api/v1/organisations", params).json()["items"]]

    assert codes() == [o.code for o in Organisation.objects.order_by("path")]
    by_name = codes(sort="name")
    assert by_name == [o.code for o in Organisation.objects.order_by("name_km", "id")]  # Khmer by default
    assert codes(sort="-name") == by_name[::-1]
    assert codes(sort="kind")[-1] == "admin-1101" and codes(sort="-kind")[0] == "admin-1101"  # subnational
    assert client.get("/api/v1/organisations?sort=bogus").status_code == 400
    body = client.get("/en/organisations/?sort=-name").content.decode()
    names = sorted((o.name_en for o in orgs.values()), reverse=True)
    assert [body.index(name) for name in names] == sorted(body.index(name) for name in names)
    assert client.get("/en/organisations/?sort=whatever").status_code == 200
