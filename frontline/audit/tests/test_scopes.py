"""The audit log and history panels show only what the reader may see."""

import pytest
from auditlog.models import LogEntry

from conftest import user_with
from frontline.accounts.roles import Role
from frontline.audit.scopes import audits_nationally
from frontline.audit.selectors import audit_log

pytestmark = pytest.mark.django_db


def entries_seen(user) -> set[tuple[str, str]]:
    return {(entry.content_type.model, entry.object_pk) for entry in audit_log(user=user)}


@pytest.fixture
def provincial_auditor(areas):
    return user_with("auditor-11", Role.AUDITOR, area=areas["11"])


def test_national_auditor_reads_everything(users, officials):
    auditor = users[Role.AUDITOR]
    assert audits_nationally(auditor)
    assert audit_log(user=auditor).count() == LogEntry.objects.count()
    assert {"user", "roleassignment", "person", "organisation"} <= {model for model, _pk in entries_seen(auditor)}


def test_provincial_auditor_reads_only_records_inside_the_province(provincial_auditor, users, officials, orgs):
    seen = entries_seen(provincial_auditor)
    people = {pk for model, pk in seen if model == "person"}
    assert people == {str(officials["in_mondulkiri"].pk), str(officials["in_district"].pk)}
    posts = {pk for model, pk in seen if model == "post"}
    assert posts == {str(post.pk) for name in ("in_mondulkiri", "in_district") for post in officials[name].posts.all()}
    organisations = {pk for model, pk in seen if model == "organisation"}
    assert organisations == {str(orgs["dosvy-11"].pk), str(orgs["admin-1101"].pk)}
    assert not {model for model, _pk in seen} - {"person", "post", "organisation"}


def test_provincial_auditor_page_leaves_out_other_provinces(client, provincial_auditor, officials):
    client.force_login(provincial_auditor)
    body = client.get("/en/audit/").content.decode()
    assert "ចាន់ធី" in body  # Sok Chanthy, Mondulkiri
    assert "វិបុល" not in body  # Ly Vibol, Kandal
    assert "sysadmin" not in body  # user records are for national auditors
    assert "sysadmin" not in client.get("/en/audit/?model=user").content.decode()


def test_history_panel_shows_the_career_and_who_only_to_auditors(client, users, officials, orgs):
    import datetime

    from frontline.people.services import post_start

    person = officials["in_mondulkiri"]
    post_start(
        acting_user=user_with("actor-zeta", Role.NATIONAL_ADMIN),
        person=person,
        organisation=orgs["admin-1101"],
        position="Deputy governor",
        level="management",
        start_date=datetime.date(2024, 1, 1),
    )
    client.force_login(users[Role.PROVINCIAL_OFFICER])
    officer_view = client.get(f"/en/officials/{person.pk}/").content.decode()
    history = officer_view[officer_view.index("History") :]
    assert "Deputy governor" in history  # the post's own entry is in the person's history
    assert "actor-zeta" not in history  # who did it is not shown to non-auditors
    client.force_login(users[Role.AUDITOR])
    auditor_view = client.get(f"/en/officials/{person.pk}/").content.decode()
    assert "actor-zeta" in auditor_view[auditor_view.index("History") :]
