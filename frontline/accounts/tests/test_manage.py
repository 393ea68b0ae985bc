"""Account management by holders of accounts.manage, within what they may grant."""

import datetime

import pytest
from auditlog.models import LogEntry

from conftest import user_with
from frontline.accounts.models import ApiToken, RoleAssignment, User
from frontline.accounts.roles import Role

pytestmark = pytest.mark.django_db

NEW = {
    "username": "sokha",
    "last_name": "Chan",
    "first_name": "Sokha",
    "email": "",
    "password": "kampot-pepper-2026",
    "role": Role.PROVINCIAL_OFFICER,
    "area_code": "11",
    "organisation": "",
}


@pytest.fixture
def provincial_manager(areas):
    """A national administrator's role held over Mondulkiri only."""
    return user_with("manager-11", Role.NATIONAL_ADMIN, area=areas["11"])


def test_create_an_account_with_its_first_role_audited(client, users):
    client.force_login(users[Role.NATIONAL_ADMIN])
    response = client.post("/en/accounts/manage/new/", NEW)
    assert response.status_code == 302
    account = User.objects.get(username="sokha")
    assert account.check_password(NEW["password"])
    assert list(account.assignments.values_list("role", "area_id")) == [(Role.PROVINCIAL_OFFICER, "11")]
    entries = LogEntry.objects.filter(
        content_type__model__in=["user", "roleassignment"], actor=users[Role.NATIONAL_ADMIN]
    )
    assert {entry.content_type.model for entry in entries} == {"user", "roleassignment"}
    assert "kampot" not in " ".join(str(entry.changes) for entry in LogEntry.objects.all())


@pytest.mark.parametrize(
    ("changes", "field", "message"),
    [
        ({"username": "mondulkiri"}, "username", "already exists"),
        ({"password": "12345678"}, "password", "too short"),
        ({"area_code": "1101"}, "area_code", "area of the right level"),
        ({"area_code": "99"}, "area_code", "No province, district or commune has this code."),
        ({"role": Role.TRAINER, "area_code": ""}, "area_code", "needs an area or an organisation"),
    ],
)
def test_create_errors_are_field_level_and_write_nothing(client, users, changes, field, message):
    client.force_login(users[Role.NATIONAL_ADMIN])
    before = (User.objects.count(), RoleAssignment.objects.count(), LogEntry.objects.count())
    response = client.post("/en/accounts/manage/new/", {**NEW, **changes})
    assert response.status_code == 200
    body = response.content.decode()
    assert message in body
    field_html = body.split(f'for="id_{field}')[1].split('<div class="field')[0]
    assert "errorlist" in field_html, field
    assert (User.objects.count(), RoleAssignment.objects.count(), LogEntry.objects.count()) == before


def test_errors_in_khmer(client, users):
    client.force_login(users[Role.NATIONAL_ADMIN])
    body = client.post("/km/accounts/manage/new/", {**NEW, "area_code": "1101"}).content.decode()
    assert "តួនាទីនេះត្រូវចាត់តាំងទៅតំបន់ដែលមានថ្នាក់ត្រឹមត្រូវ។" in body


def test_a_scoped_manager_grants_only_inside_their_area_and_never_more_than_they_hold(client, provincial_manager):
    client.force_login(provincial_manager)
    outside = client.post("/en/accounts/manage/new/", {**NEW, "area_code": "08"})
    assert "Choose an area within your scope." in outside.content.decode()
    national = client.post("/en/accounts/manage/new/", {**NEW, "role": Role.NATIONAL_ADMIN, "area_code": ""})
    assert "Choose an area within your scope." in national.content.decode()
    auditor = client.post("/en/accounts/manage/new/", {**NEW, "role": Role.AUDITOR})
    assert "Select a valid choice" in auditor.content.decode()
    assert not User.objects.filter(username="sokha").exists()
    assert client.post("/en/accounts/manage/new/", NEW).status_code == 302


def test_services_refuse_what_the_manager_may_not_grant(users, areas, provincial_manager):
    from django.core.exceptions import ValidationError

    from frontline.accounts.services import role_assign

    target = users[Role.TRAINER]
    for role, area, field in [
        (Role.SYSTEM_ADMIN, None, "role"),
        (Role.PROVINCIAL_OFFICER, areas["08"], "area"),
    ]:
        with pytest.raises(ValidationError) as refused:
            role_assign(acting_user=provincial_manager, user=target, role=role, area=area)
        assert field in refused.value.message_dict
    assert target.assignments.count() == 1


def test_a_scoped_manager_sees_only_accounts_in_their_scope(client, users, provincial_manager):
    client.force_login(provincial_manager)
    body = client.get("/en/accounts/manage/").content.decode()
    for username in ("mondulkiri", "kaevseima", "sraekhtum", "manager-11"):
        assert username in body
    for username in ("national", "sysadmin", "auditor", "coordinator"):
        assert f">{username}<" not in body
    assert client.get(f"/en/accounts/manage/{users[Role.NATIONAL_ADMIN].pk}/").status_code == 404
    assert client.get(f"/en/accounts/manage/{users[Role.PROVINCIAL_OFFICER].pk}/").status_code == 200


def test_assign_and_remove_roles(client, users, areas):
    client.force_login(users[Role.NATIONAL_ADMIN])
    account = users[Role.PROVINCIAL_OFFICER]
    added = client.post(
        f"/en/accounts/manage/{account.pk}/", {"role": Role.DISTRICT_OFFICER, "area_code": "0801", "organisation": ""}
    )
    assert added.status_code == 302
    assignment = account.assignments.get(role=Role.DISTRICT_OFFICER)
    duplicate = client.post(
        f"/en/accounts/manage/{account.pk}/", {"role": Role.DISTRICT_OFFICER, "area_code": "0801", "organisation": ""}
    )
    assert duplicate.status_code == 400 and "already exists" in duplicate.content.decode()
    removed = client.post(f"/en/accounts/manage/{account.pk}/roles/{assignment.pk}/remove/")
    assert removed.status_code == 302
    assert not account.assignments.filter(role=Role.DISTRICT_OFFICER).exists()
    assert LogEntry.objects.filter(
        content_type__model="roleassignment", action=LogEntry.Action.DELETE, actor=users[Role.NATIONAL_ADMIN]
    ).exists()


def test_a_scoped_manager_cannot_remove_roles_outside_their_scope(client, areas, users, provincial_manager):
    account = users[Role.PROVINCIAL_OFFICER]
    kandal = RoleAssignment.objects.create(user=account, role=Role.PROVINCIAL_OFFICER, area=areas["08"])
    client.force_login(provincial_manager)
    detail = client.get(f"/en/accounts/manage/{account.pk}/").content.decode()
    assert "1 role outside your scope" in detail and "Kandal" not in detail
    assert client.post(f"/en/accounts/manage/{account.pk}/roles/{kandal.pk}/remove/").status_code == 404
    assert client.post(f"/en/accounts/manage/{account.pk}/deactivate/").status_code == 404
    assert RoleAssignment.objects.filter(pk=kandal.pk).exists() and User.objects.get(pk=account.pk).is_active


def test_deactivation_ends_sign_in_and_tokens_but_keeps_the_account(client, users):
    account = users[Role.DISTRICT_OFFICER]
    ApiToken.issue(account, lifetime=datetime.timedelta(hours=1))
    client.force_login(users[Role.NATIONAL_ADMIN])
    assert client.post(f"/en/accounts/manage/{account.pk}/deactivate/").status_code == 302
    account.refresh_from_db()
    assert not account.is_active and not ApiToken.objects.filter(user=account).exists()
    assert LogEntry.objects.filter(content_type__model="apitoken", action=LogEntry.Action.DELETE).exists()
    client.logout()
    response = client.post("/en/accounts/login/", {"username": account.username, "password": "pass-word-123"})
    assert response.status_code == 200  # the sign-in form again
    client.force_login(users[Role.NATIONAL_ADMIN])
    assert client.post(f"/en/accounts/manage/{account.pk}/reactivate/").status_code == 302
    assert User.objects.get(pk=account.pk).is_active


def test_no_one_deactivates_themselves_or_a_more_powerful_account(client, users):
    national = users[Role.NATIONAL_ADMIN]
    client.force_login(national)
    assert client.post(f"/en/accounts/manage/{national.pk}/deactivate/").status_code == 404
    assert client.post(f"/en/accounts/manage/{users[Role.SYSTEM_ADMIN].pk}/deactivate/").status_code == 404
    assert client.post(f"/en/accounts/manage/{users[Role.AUDITOR].pk}/deactivate/").status_code == 404
    assert User.objects.filter(is_active=False).count() == 0


@pytest.mark.parametrize("role", [Role.PROVINCIAL_OFFICER, Role.AUDITOR, Role.TRAINER])
def test_pages_are_404_without_accounts_manage(client, users, role):
    client.force_login(users[role])
    target = users[Role.COMMUNE_OFFICER]
    assert client.get("/en/accounts/manage/").status_code == 404
    assert client.get("/en/accounts/manage/new/").status_code == 404
    assert client.get(f"/en/accounts/manage/{target.pk}/").status_code == 404
    assert client.post(f"/en/accounts/manage/{target.pk}/deactivate/").status_code == 404


def test_nobody_changes_their_own_roles(client, users):
    national = users[Role.NATIONAL_ADMIN]
    client.force_login(national)
    own = national.assignments.get()
    assert client.post(f"/en/accounts/manage/{national.pk}/roles/{own.pk}/remove/").status_code == 404
    response = client.post(
        f"/en/accounts/manage/{national.pk}/", {"role": Role.PROVINCIAL_OFFICER, "area_code": "11", "organisation": ""}
    )
    assert response.status_code == 400 and "You may not change your own roles." in response.content.decode()
    assert list(national.assignments.all()) == [own]
