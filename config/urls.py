from django.conf.urls.i18n import i18n_patterns
from django.contrib import admin
from django.urls import include, path

from frontline.core.api import api
from frontline.core.views import healthz, service_worker
from frontline.learning.views import certificates

urlpatterns = [
    path("healthz", healthz, name="healthz"),
    path("sw.js", service_worker, name="service_worker"),
    path("api/v1/", api.urls),
    # Public, with no language prefix: the address printed in a certificate's QR code.
    path("verify/keys/badges.json", certificates.verify_signing_key, name="verify_signing_key"),
    path("verify/<str:number>", certificates.verify, name="verify"),
    path("verify/<str:number>/badge.json", certificates.verify_badge, name="verify_badge"),
    path("verify/issuers/<slug:code>.json", certificates.verify_issuer, name="verify_issuer"),
    path("verify/programmes/<slug:code>.json", certificates.verify_programme, name="verify_programme"),
    # Public pages of the citizens' voice (the public form, /track/{code}, open statistics) and
    # the Open311 GeoReport v2 API: addresses given to citizens and applications, no prefix.
    path("", include("frontline.voice.urls_public")),
    path("open311/v2/", include("frontline.voice.urls_open311")),
]
urlpatterns += i18n_patterns(
    path("", include("frontline.core.urls")),
    path("accounts/", include("frontline.accounts.urls")),
    path("areas/", include("frontline.geography.urls")),
    path("organisations/", include("frontline.organisations.urls")),
    path("officials/", include("frontline.people.urls")),
    path("audit/", include("frontline.audit.urls")),
    path("learning/online/", include("frontline.elearning.urls")),
    path("learning/library/", include("frontline.knowledge.urls")),
    path("learning/", include("frontline.learning.urls")),
    path("voice/", include("frontline.voice.urls")),
    path("admin/", admin.site.urls),
    prefix_default_language=True,
)
