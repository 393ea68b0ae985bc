from django.conf.urls.i18n import i18n_patterns
from django.contrib import admin
from django.urls import include, path

from frontline.core.api import api
from frontline.core.views import healthz

urlpatterns = [
    path("healthz", healthz, name="healthz"),
    path("api/v1/", api.urls),
]
urlpatterns += i18n_patterns(
    path("", include("frontline.core.urls")),
    path("accounts/", include("frontline.accounts.urls")),
    path("areas/", include("frontline.geography.urls")),
    path("organisations/", include("frontline.organisations.urls")),
    path("officials/", include("frontline.people.urls")),
    path("audit/", include("frontline.audit.urls")),
    path("admin/", admin.site.urls),
    prefix_default_language=True,
)
