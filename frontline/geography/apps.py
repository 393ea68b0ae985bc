from django.apps import AppConfig


class GeographyConfig(AppConfig):
    name = "frontline.geography"
    label = "geography"
