"""Nobody edits or deletes the audit log: not the code, not the admin, not a console session."""

import pytest
from auditlog.models import LogEntry
from django.contrib.auth.models import Group, Permission
from django.core.management import call_command
from django.db import IntegrityError, transaction
from django_otp.plugins.otp_totp.models import TOTPDevice

from conftest import user_with
from frontline.accounts.models import ApiToken
from frontline.accounts.roles import Role


@pytest.mark.django_db
def test_entries_cannot_be_updated_or_deleted(officials):
    entry = LogEntry.objects.first()
    with pytest.raises(IntegrityError), transaction.atomic():
        LogEntry.objects.filter(pk=entry.pk).update(changes_text="rewritten")
    with pytest.raises(IntegrityError), transaction.atomic():
        LogEntry.objects.filter(pk=entry.pk).delete()
    assert LogEntry.objects.get(pk=entry.pk).changes_text == entry.changes_text


@pytest.mark.django_db
def test_an_actor_cannot_be_deleted_from_under_their_entries(users, officials):
    from frontline.people.services import person_update

    officer = users[Role.PROVINCIAL_OFFICER]
    person_update(acting_user=officer, person=officials["in_mondulkiri"], phone="012345000")
    with pytest.raises(IntegrityError), transaction.atomic():
        officer.delete()
    assert LogEntry.objects.filter(actor=officer).exists()


@pytest.mark.django_db
def test_users_are_not_deleted_in_the_admin(admin_client, users):
    user = users[Role.TRAINER]
    response = admin_client.post(f"/en/admin/accounts/user/{user.pk}/delete/", {"post": "yes"})
    assert response.status_code == 403
    bulk = admin_client.post(
        "/en/admin/accounts/user/", {"action": "delete_selected", "_selected_action": [user.pk], "post": "yes"}
    )
    assert bulk.status_code == 200  # "no such action": the page again
    assert type(user).objects.filter(pk=user.pk).exists()


@pytest.mark.django_db
def test_sign_in_attempts_are_not_in_the_admin(admin_client):
    assert admin_client.get("/en/admin/axes/accessattempt/").status_code == 404
    assert admin_client.get("/en/admin/axes/accesslog/").status_code == 404


@pytest.mark.django_db
def test_rights_devices_and_tokens_are_audited_without_secrets(users):
    import datetime

    user = users[Role.TRAINER]
    group = Group.objects.create(name="helpdesk")
    group.permissions.add(Permission.objects.get(codename="view_user"))
    user.groups.add(group)
    user.user_permissions.add(Permission.objects.get(codename="change_user"))
    device = TOTPDevice.objects.create(user=user, name="phone", confirmed=True)
    token, raw = ApiToken.issue(user, lifetime=datetime.timedelta(hours=1))

    def changed_fields(model, pk):
        entries = LogEntry.objects.filter(content_type__model=model, object_pk=str(pk))
        return {field for entry in entries for field in (entry.changes_dict or {})}

    assert {"groups", "user_permissions"} <= changed_fields("user", user.pk)
    assert "permissions" in changed_fields("group", group.pk)
    assert changed_fields("totpdevice", device.pk) == {"user", "name", "confirmed"}
    assert "key_hash" not in changed_fields("apitoken", token.pk) and "expires_at" in changed_fields(
        "apitoken", token.pk
    )
    everything = " ".join(str(entry.changes) for entry in LogEntry.objects.all())
    assert device.key not in everything and token.key_hash not in everything and raw not in everything


@pytest.mark.django_db(transaction=True)
def test_flush_still_empties_the_log_and_keeps_it_append_only(areas):
    user_with("someone", Role.AUDITOR)
    assert LogEntry.objects.exists()
    call_command("flush", interactive=False, verbosity=0)
    assert not LogEntry.objects.exists()
    user_with("someone-else", Role.AUDITOR)
    with pytest.raises(IntegrityError):
        LogEntry.objects.all().delete()
