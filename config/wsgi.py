"""WSGI entry point. A server started without DJANGO_SETTINGS_MODULE gets production settings
(which refuse to start without a secret key and host names); `make run` exports local ones."""

import os

from django.core.wsgi import get_wsgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings.production")
application = get_wsgi_application()
