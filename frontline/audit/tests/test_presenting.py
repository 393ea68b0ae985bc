"""History and the audit log read like the rest of the pages, in Khmer as in English."""

import datetime

import pytest
from django.contrib.auth.models import Group

from frontline.accounts.roles import Role
from frontline.people.services import person_update, post_start

pytestmark = pytest.mark.django_db


@pytest.fixture
def edited(users, officials, orgs):
    person = officials["in_kandal"]
    person_update(acting_user=users[Role.NATIONAL_ADMIN], person=person, sex="F", birth_date=datetime.date(1985, 3, 9))
    post_start(
        acting_user=users[Role.NATIONAL_ADMIN],
        person=person,
        organisation=orgs["dosvy-11"],
        position="Director",
        level="management",
        start_date=datetime.date(2024, 2, 1),
    )
    return person


def history_section(body: str) -> str:
    return body[body.index('<ol class="history">') :]


def test_history_in_khmer_shows_labels_and_khmer_dates(client, users, edited):
    client.force_login(users[Role.AUDITOR])
    history = history_section(client.get(f"/km/officials/{edited.pk}/").content.decode())
    assert "ភេទ" in history and "ស្រី" in history and "ប្រុស" in history  # sex: its label and choice labels
    assert "៩ មីនា ១៩៨៥" in history and "1985" not in history
    assert "គ្រប់គ្រង" in history and "management" not in history
    assert "មន្ទីរសង្គមកិច្ចមណ្ឌលគិរី" in history  # the organisation by its Khmer name, not its id
    for raw in ("None", "org_path", "area_code", "province_code", "search_text", "name_sort", "created_at", "update"):
        assert raw not in history, raw


def test_audit_log_in_english_shows_actions_and_record_types(client, users, edited):
    client.force_login(users[Role.AUDITOR])
    body = client.get("/en/audit/?model=person").content.decode()
    assert "Changed" in body and "Person" in body and "Date of birth" in body and "9 March 1985" in body
    assert "sex" not in body.replace("Sex", "")


def test_group_changes_read_as_added_and_removed(client, users):
    from django.contrib.auth.models import Permission

    group = Group.objects.create(name="helpdesk")
    group.permissions.add(Permission.objects.get(codename="view_user"))
    client.force_login(users[Role.AUDITOR])
    body = client.get("/en/audit/?model=group").content.decode()
    assert "Permissions" in body and "added:" in body
    assert "Group" in body


def test_audit_log_sorts_oldest_first(client, users, edited):
    client.force_login(users[Role.AUDITOR])
    newest = client.get("/en/audit/").content.decode()
    oldest = client.get("/en/audit/?sort=oldest").content.decode()
    assert newest.index("Director") < newest.index("sysadmin")
    assert oldest.index("sysadmin") < oldest.index("Director")
