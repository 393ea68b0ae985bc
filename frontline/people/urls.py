from django.urls import path

from . import views

app_name = "people"
urlpatterns = [
    path("", views.official_index, name="list"),
    path("new/", views.official_new, name="create"),
    path("import/", views.official_import, name="import"),
    path("import/template.csv", views.import_template, name="import_template"),
    path("<int:pk>/", views.official_detail, name="detail"),
    path("<int:pk>/edit/", views.person_edit, name="edit"),
    path("<int:pk>/posts/new/", views.post_new, name="post_create"),
]
