import pytest
from auditlog.models import LogEntry

from frontline.accounts.roles import Role
from frontline.people.models import Person

pytestmark = pytest.mark.django_db


def test_page_edit_records_who_where_before_and_after(client, users, officials):
    client.force_login(users[Role.PROVINCIAL_OFFICER])
    person = officials["in_mondulkiri"]
    data = {
        "family_name_km": person.family_name_km,
        "given_name_km": person.given_name_km,
        "family_name_latin": person.family_name_latin,
        "given_name_latin": "Chanthou",
        "sex": person.sex,
        "birth_date": "",
        "phone": "097111222",
        "national_id": person.national_id,
    }
    response = client.post(f"/en/officials/{person.pk}/edit/", data, REMOTE_ADDR="10.1.2.3")
    assert response.status_code == 302
    entry = LogEntry.objects.filter(object_pk=str(person.pk), action=LogEntry.Action.UPDATE).latest("timestamp")
    assert entry.actor == users[Role.PROVINCIAL_OFFICER]
    assert entry.remote_addr == "10.1.2.3"
    assert entry.changes_dict["given_name_latin"] == ["Chanthy", "Chanthou"]
    detail = client.get(f"/en/officials/{person.pk}/").content.decode()
    assert "Chanthou" in detail and "History" in detail


def test_form_errors_are_field_level_and_change_nothing(client, users, officials):
    client.force_login(users[Role.PROVINCIAL_OFFICER])
    person = officials["in_mondulkiri"]
    before = LogEntry.objects.count()
    response = client.post(f"/en/officials/{person.pk}/edit/", {"family_name_km": "", "sex": "Q"})
    assert response.status_code == 200
    body = response.content.decode()
    assert body.count('class="field has-error"') >= 2
    assert LogEntry.objects.count() == before
    assert Person.objects.get(pk=person.pk).given_name_latin == "Chanthy"


def test_delete_is_recorded(officials):
    person = officials["in_kandal"]
    pk = person.pk
    person.delete()
    assert LogEntry.objects.filter(object_pk=str(pk), action=LogEntry.Action.DELETE).exists()


def test_auditor_sees_the_log_filtered(client, users, officials):
    client.force_login(users[Role.AUDITOR])
    response = client.get("/en/audit/?model=person")
    assert response.status_code == 200
    assert "Sok Chanthy" in response.content.decode() or "សុខ ចាន់ធី" in response.content.decode()
    client.force_login(users[Role.PROVINCIAL_OFFICER])
    assert client.get("/en/audit/").status_code == 404


def test_log_cannot_be_changed_in_the_admin(admin_client, officials):
    entry = LogEntry.objects.first()
    response = admin_client.post(f"/en/admin/auditlog/logentry/{entry.pk}/delete/", {"post": "yes"})
    assert response.status_code in (403, 404)
    assert LogEntry.objects.filter(pk=entry.pk).exists()
