from django.urls import path

from . import views

app_name = "knowledge"
urlpatterns = [
    path("", views.practice_index, name="practices"),
    path("new/", views.practice_new, name="practice_create"),
    path("<int:pk>/", views.practice_detail, name="practice"),
    path("<int:pk>/edit/", views.practice_edit, name="practice_edit"),
    path("<int:pk>/publish/", views.practice_publish_view, name="practice_publish"),
    path("<int:pk>/attachment", views.practice_attachment, name="practice_attachment"),
]
