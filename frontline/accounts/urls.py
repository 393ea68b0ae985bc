from django.urls import path

from . import manage_views, views

app_name = "accounts"
urlpatterns = [
    path("login/", views.SignInView.as_view(), name="login"),
    path("logout/", views.sign_out, name="logout"),
    path("profile/", views.profile, name="profile"),
    path("two-factor/setup/", views.otp_setup, name="otp_setup"),
    path("two-factor/verify/", views.otp_verify, name="otp_verify"),
    path("manage/", manage_views.account_index, name="manage_list"),
    path("manage/new/", manage_views.account_new, name="manage_create"),
    path("manage/<int:pk>/", manage_views.account_detail, name="manage_detail"),
    path(
        "manage/<int:pk>/roles/<int:assignment_pk>/remove/",
        manage_views.assignment_remove,
        name="manage_role_remove",
    ),
    path("manage/<int:pk>/deactivate/", manage_views.account_deactivate, name="manage_deactivate"),
    path("manage/<int:pk>/reactivate/", manage_views.account_reactivate, name="manage_reactivate"),
]
