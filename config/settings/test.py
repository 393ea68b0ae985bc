"""Test settings: fast hashing, in-memory cache; the database comes from DATABASE_URL like everywhere."""

from .local import *  # noqa: F403

PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}
AXES_FAILURE_LIMIT = 3
WHITENOISE_AUTOREFRESH = True
# Uploads in tests land under var/ (tests that upload use a temporary directory of their own).
MEDIA_ROOT = BASE_DIR / "var" / "test-media"  # noqa: F405
BADGE_SIGNING_KEY_FILE = BASE_DIR / "var" / "test-badge-signing-key.pem"  # noqa: F405
