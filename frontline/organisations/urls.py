from django.urls import path

from . import views

app_name = "organisations"
urlpatterns = [
    path("", views.organisation_index, name="list"),
    path("new/", views.organisation_new, name="create"),
    path("choose/", views.organisation_choose, name="choose"),
    path("<int:pk>/", views.organisation_detail, name="detail"),
    path("<int:pk>/edit/", views.organisation_edit, name="edit"),
]
