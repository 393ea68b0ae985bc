"""Open311 GeoReport v2, mounted at /open311/v2/ (see frontline/voice/open311.py)."""

from django.urls import path, re_path

from . import open311

app_name = "open311"
FMT = r"\.(?P<fmt>json|xml)$"
urlpatterns = [
    path("", open311.root, name="root"),
    re_path(r"^discovery" + FMT, open311.discovery, name="discovery"),
    re_path(r"^services" + FMT, open311.services, name="services"),
    re_path(r"^services/(?P<code>[-\w]+)" + FMT, open311.service_definition, name="service"),
    re_path(r"^requests" + FMT, open311.requests_, name="requests"),
    re_path(r"^requests/(?P<request_id>[-\w]+)" + FMT, open311.request_detail, name="request"),
    re_path(r"^tokens/(?P<token>[-\w]+)" + FMT, open311.token, name="token"),
    re_path(r"^(?P<rest>.*)$", open311.not_found),
]
