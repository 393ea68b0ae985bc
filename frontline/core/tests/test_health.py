def test_healthz_checks_the_database(client, db):
    response = client.get("/healthz")
    assert response.status_code == 200
    assert response.json() == {"status": "ok"}


def test_root_redirects_to_khmer_by_default(client, db):
    response = client.get("/", follow=False)
    assert response.status_code == 302
    assert response["Location"].startswith("/km/")


def test_pages_need_sign_in(client, db):
    response = client.get("/en/officials/")
    assert response.status_code == 302
    assert "/en/accounts/login/" in response["Location"]


def test_healthz_answers_503_when_the_database_is_down(client, db, monkeypatch):
    from django.db import OperationalError

    class Down:
        def cursor(self):
            raise OperationalError("connection refused")

    monkeypatch.setattr("frontline.core.views.connection", Down())
    response = client.get("/healthz")
    assert response.status_code == 503
    assert response.json() == {"status": "error"}


def test_wsgi_defaults_to_production_settings():
    import os
    import subprocess
    import sys

    from django.conf import settings

    env = {k: v for k, v in os.environ.items() if k != "DJANGO_SETTINGS_MODULE"}
    env.update(DJANGO_SECRET_KEY="x" * 60, DJANGO_ALLOWED_HOSTS="frontline.example")
    code = "import config.wsgi; from django.conf import settings; print(settings.SETTINGS_MODULE, settings.DEBUG)"
    result = subprocess.run(
        [sys.executable, "-c", code], cwd=settings.BASE_DIR, env=env, capture_output=True, text=True, check=True
    )
    assert result.stdout.split() == ["config.settings.production", "False"]
