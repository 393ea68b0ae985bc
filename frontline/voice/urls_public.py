"""Public pages of the citizens' voice, without a language prefix (see config/urls.py)."""

from django.urls import path

from .views import public

app_name = "voice_public"
urlpatterns = [
    path("report/", public.report, name="report"),
    path("report/location/", public.report_location, name="report_location"),
    path("track/", public.track_lookup, name="track_lookup"),
    path("track/<str:code>/", public.track, name="track"),
    path("track/<str:code>/photos/<int:pk>", public.photo, name="photo"),
    path("open-data/", public.open_statistics, name="statistics"),
]
