from urllib.parse import quote

import pytest
from django_otp.oath import totp
from django_otp.plugins.otp_totp.models import TOTPDevice

from frontline.accounts.roles import Role

pytestmark = pytest.mark.django_db


def sign_in(client, username):
    response = client.post("/en/accounts/login/", {"username": username, "password": "pass-word-123"})
    assert response.status_code == 302


def code_for(device):
    return f"{totp(device.bin_key, device.step, device.t0, device.digits, device.drift):06d}"


def test_role_that_requires_totp_must_enrol_then_verify(client, users, settings):
    settings.FRONTLINE_2FA_ROLES = [Role.NATIONAL_ADMIN]
    sign_in(client, "national")
    response = client.get("/en/officials/")
    assert response.status_code == 302 and "/two-factor/setup/" in response["Location"]
    # the API refuses the unverified session too
    assert client.get("/api/v1/officials").status_code == 401
    client.get("/en/accounts/two-factor/setup/")
    device = TOTPDevice.objects.get(user=users[Role.NATIONAL_ADMIN])
    wrong = client.post("/en/accounts/two-factor/setup/", {"token": "000000"})
    assert "not valid" in wrong.content.decode()
    device.refresh_from_db()
    device.throttle_reset()  # django-otp slows down guessing after a failure
    ok = client.post("/en/accounts/two-factor/setup/", {"token": code_for(device)})
    assert ok.status_code == 302
    assert client.get("/en/officials/").status_code == 200
    # next sign-in asks for a code
    client.logout()
    sign_in(client, "national")
    assert "/two-factor/verify/" in client.get("/en/").headers["Location"]


def test_other_roles_are_not_asked(client, users, settings):
    settings.FRONTLINE_2FA_ROLES = [Role.SYSTEM_ADMIN]
    sign_in(client, "mondulkiri")
    assert client.get("/en/officials/").status_code == 200


def test_token_needs_code_when_required(client, users, settings):
    settings.FRONTLINE_2FA_ROLES = [Role.NATIONAL_ADMIN]
    device = TOTPDevice.objects.create(user=users[Role.NATIONAL_ADMIN], name="phone", confirmed=True)
    body = {"username": "national", "password": "pass-word-123"}
    assert client.post("/api/v1/auth/token", body, content_type="application/json").status_code == 401
    body["otp"] = code_for(device)
    assert client.post("/api/v1/auth/token", body, content_type="application/json").status_code == 200


def test_sign_in_form_locks_after_repeated_failures(client, users, settings):
    for _ in range(settings.AXES_FAILURE_LIMIT):
        client.post("/en/accounts/login/", {"username": "mondulkiri", "password": "wrong"})
    response = client.post("/en/accounts/login/", {"username": "mondulkiri", "password": "pass-word-123"})
    assert response.status_code == 429
    assert "locked" in response.content.decode()


def test_unverified_user_with_a_device_cannot_enrol_another(client, users, settings):
    """A password alone must not let anyone add a second device and sign in with it."""
    settings.FRONTLINE_2FA_ROLES = [Role.NATIONAL_ADMIN]
    user = users[Role.NATIONAL_ADMIN]
    TOTPDevice.objects.create(user=user, name="phone", confirmed=True)
    sign_in(client, "national")
    response = client.get("/en/accounts/two-factor/setup/")
    assert response.status_code == 302 and "/two-factor/verify/" in response["Location"]
    posted = client.post("/en/accounts/two-factor/setup/", {"token": "123456"})
    assert posted.status_code == 302 and "/two-factor/verify/" in posted["Location"]
    assert TOTPDevice.objects.filter(user=user).count() == 1
    assert "/two-factor/verify/" in client.get("/en/officials/")["Location"]


def test_verified_user_may_add_a_device(client, users, settings):
    settings.FRONTLINE_2FA_ROLES = [Role.NATIONAL_ADMIN]
    user = users[Role.NATIONAL_ADMIN]
    device = TOTPDevice.objects.create(user=user, name="phone", confirmed=True)
    sign_in(client, "national")
    assert client.post("/en/accounts/two-factor/verify/", {"token": code_for(device)}).status_code == 302
    assert client.get("/en/accounts/two-factor/setup/").status_code == 200
    assert TOTPDevice.objects.filter(user=user, confirmed=False).count() == 1


@pytest.mark.parametrize(
    "target", ["https://evil.example/", "//evil.example/x", "/\\evil.example", "javascript:alert(1)"]
)
def test_verify_never_redirects_off_site(client, users, settings, target):
    settings.FRONTLINE_2FA_ROLES = [Role.NATIONAL_ADMIN]
    device = TOTPDevice.objects.create(user=users[Role.NATIONAL_ADMIN], name="phone", confirmed=True)
    sign_in(client, "national")
    response = client.post(f"/en/accounts/two-factor/verify/?next={quote(target)}", {"token": code_for(device)})
    assert response.status_code == 302
    assert response["Location"] == "/en/"


def test_verify_returns_to_the_page_first_asked_for(client, users, settings):
    settings.FRONTLINE_2FA_ROLES = [Role.NATIONAL_ADMIN]
    device = TOTPDevice.objects.create(user=users[Role.NATIONAL_ADMIN], name="phone", confirmed=True)
    sign_in(client, "national")
    asked = client.get("/en/officials/?sex=F&q=sok")
    assert asked["Location"] == "/en/accounts/two-factor/verify/?next=%2Fen%2Fofficials%2F%3Fsex%3DF%26q%3Dsok"
    confirmed = client.post(asked["Location"], {"token": code_for(device)})
    assert confirmed["Location"] == "/en/officials/?sex=F&q=sok"
