import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from frontline.accounts.roles import Role
from frontline.people.models import Person

pytestmark = pytest.mark.django_db


def test_register_official_with_field_errors_then_success(client, users, orgs):
    client.force_login(users[Role.PROVINCIAL_OFFICER])
    bad = client.post("/en/officials/new/", {"family_name_km": "", "sex": "X", "start_date": "2024-13-01"})
    assert bad.status_code == 200
    assert bad.content.decode().count('class="field has-error"') >= 5
    assert Person.objects.count() == 0
    good = client.post(
        "/en/officials/new/",
        {
            "family_name_km": "ពេជ្រ",
            "given_name_km": "បុប្ផា",
            "family_name_latin": "Pich",
            "given_name_latin": "Bopha",
            "sex": "F",
            "organisation": orgs["dosvy-11"].pk,
            "position": "Social worker",
            "level": "technical",
            "start_date": "2024-01-15",
        },
    )
    assert good.status_code == 302
    person = Person.objects.get(family_name_latin="Pich")
    assert person.area_code == "11"


def test_new_post_page_moves_the_official(client, users, officials, orgs):
    client.force_login(users[Role.PROVINCIAL_OFFICER])
    person = officials["in_mondulkiri"]
    early = client.post(
        f"/en/officials/{person.pk}/posts/new/",
        {
            "organisation": orgs["admin-1101"].pk,
            "position": "Deputy governor",
            "level": "management",
            "start_date": "2019-01-01",
        },
    )
    assert "must start after the current post" in early.content.decode()
    outside = client.post(
        f"/en/officials/{person.pk}/posts/new/",
        {"organisation": orgs["dosvy-08"].pk, "position": "X", "level": "management", "start_date": "2024-01-01"},
    )
    assert outside.status_code == 200 and "has-error" in outside.content.decode()
    moved = client.post(
        f"/en/officials/{person.pk}/posts/new/",
        {
            "organisation": orgs["admin-1101"].pk,
            "position": "Deputy governor",
            "level": "management",
            "start_date": "2024-01-01",
        },
    )
    assert moved.status_code == 302
    person.refresh_from_db()
    assert person.position == "Deputy governor" and person.posts.count() == 2


def test_list_filters_sort_and_page_in_khmer(client, users, officials):
    client.force_login(users[Role.NATIONAL_ADMIN])
    body = client.get("/km/officials/?sex=M&sort=-name").content.decode()
    assert "Ly" in body and "Keo" in body and "Chanthy" not in body
    assert body.index("Ly") < body.index("Keo")
    assert "២" in body  # the count in Khmer digits
    assert client.get("/km/officials/?area=zz&level=nope&page=999").status_code == 200


@pytest.mark.parametrize("organisation", ["²", "١٢", "៣", "99999999999999999999"])
def test_non_ascii_digits_in_the_organisation_filter_are_ignored(client, users, officials, organisation):
    client.force_login(users[Role.NATIONAL_ADMIN])
    response = client.get("/en/officials/", {"organisation": organisation})
    assert response.status_code == 200
    assert "Chanthy" in response.content.decode()


@pytest.mark.parametrize(
    "url", ["/en/officials/?q=%00", "/en/areas/?q=a%00", "/en/organisations/?q=%00", "/en/audit/?actor=%00", "/en/%00/"]
)
def test_nul_in_a_page_request_is_a_400_page(client, users, url):
    client.force_login(users[Role.NATIONAL_ADMIN])
    response = client.get(url, HTTP_ACCEPT_LANGUAGE="en")
    assert response.status_code == 400
    assert "NUL" in response.content.decode() and "<html" in response.content.decode()


def test_nul_in_a_form_post_is_refused_before_anything_is_written(client, users, officials):
    client.force_login(users[Role.NATIONAL_ADMIN])
    person = officials["in_kandal"]
    response = client.post(
        f"/en/officials/{person.pk}/edit/",
        "family_name_km=%E1%9E%9B%00&given_name_km=x&sex=M",
        content_type="application/x-www-form-urlencoded",
    )
    assert response.status_code == 400
    assert Person.objects.get(pk=person.pk).family_name_km == "លី"


def test_file_uploads_may_contain_nul_bytes(client, users, orgs):
    from frontline.people.tests.test_import import HEADER, row, xlsx_bytes

    client.force_login(users[Role.PROVINCIAL_OFFICER])
    upload = SimpleUploadedFile("officials.xlsx", xlsx_bytes([HEADER, row()]))
    assert b"\x00" in upload.read()
    upload.seek(0)
    response = client.post("/en/officials/import/", {"file": upload})
    assert response.status_code == 302


def test_editing_sex_on_the_page_keeps_the_tallies_equal_to_a_recount(client, users, officials):
    from frontline.core.models import Tally
    from frontline.people.tallies import officials_recount

    client.force_login(users[Role.PROVINCIAL_OFFICER])
    person = officials["in_mondulkiri"]
    data = {
        "family_name_km": person.family_name_km,
        "given_name_km": person.given_name_km,
        "family_name_latin": person.family_name_latin,
        "given_name_latin": person.given_name_latin,
        "sex": "M",
        "birth_date": "",
        "phone": "",
        "national_id": person.national_id,
    }
    assert client.post(f"/en/officials/{person.pk}/edit/", data).status_code == 302
    kept = {(t.metric, t.key): t.value for t in Tally.objects.exclude(value=0)}
    officials_recount()
    assert kept == {(t.metric, t.key): t.value for t in Tally.objects.exclude(value=0)}
    assert kept[("officials_women.area", "11")] == 1  # Heng Sophea in Kaev Seima is still counted


def test_people_cannot_be_deleted_in_the_admin(admin_client, officials):
    person = officials["in_kandal"]
    assert admin_client.post(f"/en/admin/people/person/{person.pk}/delete/", {"post": "yes"}).status_code == 403
    admin_client.post(
        "/en/admin/people/person/", {"action": "delete_selected", "_selected_action": [person.pk], "post": "yes"}
    )
    assert Person.objects.filter(pk=person.pk).exists()
    assert admin_client.get("/en/admin/people/person/").status_code == 200
