"""Staff pages of the citizens' voice (mounted at /km/voice/ and /en/voice/)."""

from django.urls import path

from .views import concerns, dashboard, hearing, inbox, reports

app_name = "voice"
urlpatterns = [
    path("concerns/", concerns.concern_index, name="concerns"),
    path("concerns/new/", concerns.concern_new, name="concern_new"),
    path("concerns/<int:pk>/", concerns.concern_detail, name="concern"),
    path("concerns/<int:pk>/transition/", concerns.concern_transition_view, name="concern_transition"),
    path("concerns/<int:pk>/route/", concerns.concern_route_view, name="concern_route"),
    path("concerns/<int:pk>/merge/", concerns.concern_merge_view, name="concern_merge"),
    path("concerns/<int:pk>/act/", concerns.concern_act_view, name="concern_act"),
    path("concerns/<int:pk>/attachments/<int:attachment_id>/", concerns.attachment_view, name="attachment"),
    path("organisations/choose/", concerns.organisation_choose, name="organisation_choose"),
    path("dashboard/", dashboard.dashboard, name="dashboard"),
    path("report/", reports.report, name="report"),
    path("forums/", hearing.forum_index, name="forums"),
    path("forums/new/", hearing.forum_new, name="forum_new"),
    path("forums/<int:pk>/", hearing.forum_detail, name="forum"),
    path("forums/<int:pk>/edit/", hearing.forum_edit, name="forum_edit"),
    path("visits/", hearing.visit_index, name="visits"),
    path("visits/new/", hearing.visit_new, name="visit_new"),
    path("visits/<int:pk>/", hearing.visit_detail, name="visit"),
    path("visits/<int:pk>/edit/", hearing.visit_edit, name="visit_edit"),
    path("missions/", hearing.mission_index, name="missions"),
    path("missions/new/", hearing.mission_new, name="mission_new"),
    path("missions/<int:pk>/", hearing.mission_detail, name="mission"),
    path("missions/<int:pk>/edit/", hearing.mission_edit, name="mission_edit"),
    path("inbox/", inbox.inbox, name="inbox"),
    path("inbox/read/", inbox.inbox_read, name="inbox_read"),
]
