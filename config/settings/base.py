"""Settings shared by every environment; values that differ come from the environment."""

import os
from pathlib import Path

import dj_database_url
from django.utils.translation import gettext_lazy as _

BASE_DIR = Path(__file__).resolve().parent.parent.parent
VAR_DIR = BASE_DIR / "var"


def env_bool(name: str, default: bool = False) -> bool:
    return os.environ.get(name, str(default)).lower() in {"1", "true", "yes", "on"}


SECRET_KEY = os.environ.get("DJANGO_SECRET_KEY", "")
DEBUG = False
ALLOWED_HOSTS = [h for h in os.environ.get("DJANGO_ALLOWED_HOSTS", "").split(",") if h]

INSTALLED_APPS = [
    # The admin site requires the system administrator role and two-factor sign-in.
    "frontline.accounts.admin_site.FrontlineAdminConfig",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "django_htmx",
    "template_partials",
    "axes",
    "django_otp",
    "django_otp.plugins.otp_totp",
    "auditlog",
    "frontline.core",
    "frontline.accounts",
    "frontline.geography",
    "frontline.organisations",
    "frontline.people",
    "frontline.audit",
    "frontline.learning",
    "frontline.xapi",
    "frontline.elearning",
    "frontline.knowledge",
    "frontline.voice",
    "frontline.benchmarks",
]

MIDDLEWARE = [
    "frontline.core.middleware.ServerTimingMiddleware",
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.middleware.gzip.GZipMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "frontline.core.middleware.ApiJsonErrorsMiddleware",
    "frontline.core.middleware.RejectNulMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django_otp.middleware.OTPMiddleware",
    "frontline.accounts.middleware.TwoFactorRequiredMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "django_htmx.middleware.HtmxMiddleware",
    "frontline.audit.middleware.AuditContextMiddleware",
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "config.urls"
WSGI_APPLICATION = "config.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.template.context_processors.i18n",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "frontline.core.context_processors.navigation",
            ],
            "builtins": ["frontline.core.templatetags.fl", "template_partials.templatetags.partials"],
        },
    }
]


def database_from_env() -> dict:
    """SQLite under var/ unless DATABASE_URL names another database (PostgreSQL in production)."""
    url = os.environ.get("DATABASE_URL", "")
    if url:
        config = dj_database_url.parse(url, conn_max_age=60, conn_health_checks=True)
        if config["ENGINE"] == "django.db.backends.postgresql":
            # Bind parameters on the server so that psycopg prepares each query the connection
            # runs five times: PostgreSQL then skips planning it again, 1 to 3 ms for a record
            # page's joins (a kept connection serves many requests).
            config.setdefault("OPTIONS", {}).update(server_side_binding=True, prepare_threshold=5)
    else:
        config = {
            "ENGINE": "django.db.backends.sqlite3",
            "NAME": os.environ.get("SQLITE_PATH", str(VAR_DIR / "frontline.sqlite3")),
            # Keep each thread's connection: SQLite's page cache lives in the connection, so
            # reopening per request would read every page from disk again.
            "CONN_MAX_AGE": 600,
            "CONN_HEALTH_CHECKS": True,
            # WAL lets readers proceed while one writer writes; IMMEDIATE avoids
            # "database is locked" on upgrade from read to write lock.
            "OPTIONS": {
                "init_command": (
                    "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL; PRAGMA foreign_keys=ON;"
                    " PRAGMA busy_timeout=5000; PRAGMA cache_size=-64000; PRAGMA mmap_size=268435456;"
                ),
                "transaction_mode": "IMMEDIATE",
            },
        }
    return {"default": config}


DATABASES = database_from_env()

# Each process keeps its own cache (rate-limit windows, the voice routing table's generation,
# rows the Open311 intake reuses). Django's default keeps 300 entries, fewer than the addresses
# one busy hour of public intake brings, and an evicted window would forget a client's count.
CACHES = {
    "default": {
        "BACKEND": "django.core.cache.backends.locmem.LocMemCache",
        "LOCATION": "frontline",
        "OPTIONS": {"MAX_ENTRIES": 100_000, "CULL_FREQUENCY": 10},
    }
}
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

AUTH_USER_MODEL = "accounts.User"
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator", "OPTIONS": {"min_length": 10}},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
LOGIN_URL = "accounts:login"
LOGIN_REDIRECT_URL = "core:home"
LOGOUT_REDIRECT_URL = "accounts:login"

# Repeated failed sign-ins lock the username (from any address) for a while.
AXES_FAILURE_LIMIT = int(os.environ.get("AXES_FAILURE_LIMIT", "5"))
AXES_COOLOFF_TIME = 0.25  # hours
AXES_LOCKOUT_PARAMETERS = ["username"]
AXES_RESET_ON_SUCCESS = True
AXES_LOCKOUT_CALLABLE = "frontline.accounts.lockout.lockout_response"
AXES_VERBOSE = False
# Sign-in attempts and lockouts are not edited in the admin (deletions there were not audited);
# a lockout ends after AXES_COOLOFF_TIME or with `manage.py axes_reset_username`.
AXES_ENABLE_ADMIN = False

OTP_TOTP_ISSUER = "Frontline"

LANGUAGE_CODE = "km"
LANGUAGES = [("km", _("Khmer")), ("en", _("English"))]
LOCALE_PATHS = [BASE_DIR / "locale"]
TIME_ZONE = "Asia/Phnom_Penh"
USE_I18N = True
USE_TZ = True
LANGUAGE_COOKIE_NAME = "frontline_language"

STATIC_URL = "/static/"
STATIC_ROOT = BASE_DIR / "staticfiles"
STATICFILES_DIRS = [BASE_DIR / "static"]
# Files people upload (lesson pictures and PDFs, library attachments): served by the app to
# those who may see them (never a public directory), so access follows scoping.
MEDIA_ROOT = Path(os.environ.get("FRONTLINE_MEDIA_ROOT", str(VAR_DIR / "media")))
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"},
}
WHITENOISE_MAX_AGE = 31536000

MESSAGE_STORAGE = "django.contrib.messages.storage.session.SessionStorage"
SESSION_COOKIE_HTTPONLY = True
CSRF_COOKIE_HTTPONLY = True
CSRF_FAILURE_VIEW = "frontline.core.views.csrf_failure"
X_FRAME_OPTIONS = "DENY"
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"

# Upload limits: an officials workbook of tens of thousands of rows fits well within this.
DATA_UPLOAD_MAX_MEMORY_SIZE = 10 * 1024 * 1024
FILE_UPLOAD_MAX_MEMORY_SIZE = 10 * 1024 * 1024
IMPORT_MAX_BYTES = int(os.environ.get("IMPORT_MAX_BYTES", str(10 * 1024 * 1024)))
# An .xlsx is a zip: what its parts add up to once unpacked (openpyxl holds shared strings in memory).
IMPORT_MAX_UNPACKED_BYTES = int(os.environ.get("IMPORT_MAX_UNPACKED_BYTES", str(100 * 1024 * 1024)))

AUDITLOG_INCLUDE_ALL_MODELS = False
# django-auditlog's own reading of the address (the first X-Forwarded-For entry, unchecked) is
# off: frontline.audit.middleware records a validated one.
AUDITLOG_DISABLE_REMOTE_ADDR = True
AUDITLOG_CID_HEADER = None
# Reverse proxies whose X-Forwarded-For entries are believed (addresses or networks, comma
# separated). Empty: the audit log records the connecting address.
FRONTLINE_TRUSTED_PROXIES = [p.strip() for p in os.environ.get("FRONTLINE_TRUSTED_PROXIES", "").split(",") if p.strip()]

# Demo accounts only ever exist where this is on (local settings); production never seeds them.
FRONTLINE_ALLOW_DEMO = False
# The public address of the site, for links that leave it (QR codes on certificates, badges).
FRONTLINE_PUBLIC_URL = os.environ.get("FRONTLINE_PUBLIC_URL", "http://127.0.0.1:8000")

# The Ed25519 key that signs Open Badges 3.0 credentials (frontline.learning.signing): made on
# first use, kept outside the repository. Production keeps it with the other data to back up.
BADGE_SIGNING_KEY_FILE = Path(
    os.environ.get("FRONTLINE_BADGE_SIGNING_KEY_FILE", str(VAR_DIR / "badge-signing-key.pem"))
)
API_TOKEN_TTL_HOURS = 12

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": "WARNING"},
}

# Roles whose holders must confirm sign-in with a TOTP code (per deployment).
FRONTLINE_2FA_ROLES = [r for r in os.environ.get("FRONTLINE_2FA_ROLES", "system_admin").split(",") if r]

SILENCED_SYSTEM_CHECKS = [
    # Sign-in lockout is per account (username) on purpose: rotating addresses cannot evade it.
    "axes.W006",
    # PostgreSQL enforces the assignment uniqueness with NULLS NOT DISTINCT; on SQLite the
    # services' get_or_create keeps it.
    "models.W047",
]
VOICE_WORKING_GROUP_CODE = os.environ.get("VOICE_WORKING_GROUP_CODE", "nwg-sna")

# Citizens' voice, public intake (frontline/voice/throttle.py). Rate limits per client address
# and scope ("N/second|minute|hour|day", comma separated; empty: no limit): "report" is the
# public web form, "citizen" the rating and reopening on /track, "open311" the API's POSTs.
VOICE_RATE_LIMITS = {
    "report": os.environ.get("VOICE_RATE_LIMIT_REPORT", "10/minute,100/day"),
    "citizen": os.environ.get("VOICE_RATE_LIMIT_CITIZEN", "20/minute,200/day"),
    "open311": os.environ.get("VOICE_RATE_LIMIT_OPEN311", "60/minute,5000/day"),
}
# The admission gate of intake (form and Open311 POSTs): at most this many at once per process;
# a request that cannot enter within the wait is answered 503 with Retry-After, writing nothing.
VOICE_INTAKE_CONCURRENCY = int(os.environ.get("VOICE_INTAKE_CONCURRENCY", "4"))
VOICE_INTAKE_QUEUE_WAIT = float(os.environ.get("VOICE_INTAKE_QUEUE_WAIT", "1.0"))
VOICE_INTAKE_RETRY_AFTER = int(os.environ.get("VOICE_INTAKE_RETRY_AFTER", "2"))
