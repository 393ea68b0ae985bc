import pytest
from django.contrib import admin

from conftest import user_with, verified_login
from frontline.accounts.admin_site import FrontlineAdminSite
from frontline.accounts.roles import Role
from frontline.accounts.twofactor import requires_two_factor

pytestmark = pytest.mark.django_db


def test_the_installed_site_is_ours():
    assert isinstance(admin.site, FrontlineAdminSite)


def test_staff_and_superusers_always_need_two_factor(django_user_model, settings):
    settings.FRONTLINE_2FA_ROLES = []
    staff = django_user_model.objects.create_user(username="staff", password="pass-word-123", is_staff=True)
    root = django_user_model.objects.create_superuser(username="root", password="pass-word-123")
    plain = django_user_model.objects.create_user(username="plain", password="pass-word-123")
    assert requires_two_factor(staff) and requires_two_factor(root)
    assert not requires_two_factor(plain)


def test_superuser_without_the_role_is_kept_out(client, django_user_model):
    root = django_user_model.objects.create_superuser(username="root", password="pass-word-123")
    verified_login(client, root)
    response = client.get("/en/admin/")
    assert response.status_code == 302 and "/admin/login/" in response["Location"]


def test_system_admin_must_confirm_a_code_first(client, areas):
    user = user_with("root", Role.SYSTEM_ADMIN)
    user.is_staff = user.is_superuser = True
    user.save()
    client.force_login(user)  # password only
    response = client.get("/en/admin/")
    assert response.status_code == 302 and "/two-factor/" in response["Location"]
    verified_login(client, user)
    assert client.get("/en/admin/").status_code == 200


def test_other_roles_with_the_staff_flag_are_kept_out(client, areas):
    user = user_with("national-staff", Role.NATIONAL_ADMIN)
    user.is_staff = user.is_superuser = True
    user.save()
    verified_login(client, user)
    response = client.get("/en/admin/")
    assert response.status_code == 302 and "/admin/login/" in response["Location"]


def test_inactive_system_admin_is_kept_out(admin_user, admin_client):
    assert admin_client.get("/en/admin/").status_code == 200
    admin_user.is_active = False
    admin_user.save()
    assert admin_client.get("/en/admin/").status_code == 302
