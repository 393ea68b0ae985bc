from django.urls import path

from . import views

app_name = "geography"
urlpatterns = [
    path("", views.browse, name="browse"),
    path("choose/", views.area_choose, name="choose"),  # before <code>/, which would take "choose"
    path("<str:code>/", views.browse, name="area"),
]
