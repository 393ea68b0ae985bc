"""Developer and demo settings: `make run` uses these."""

from .base import *  # noqa: F403
from .base import env_bool, os

DEBUG = env_bool("DJANGO_DEBUG", False)
SECRET_KEY = os.environ.get("DJANGO_SECRET_KEY") or "local-only-not-secret-frontline-demo-key-0123456789"  # noqa: S105
ALLOWED_HOSTS = ["127.0.0.1", "localhost", "[::1]", "testserver"]
FRONTLINE_ALLOW_DEMO = True
