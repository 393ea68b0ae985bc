from django.apps import AppConfig


class PeopleConfig(AppConfig):
    name = "frontline.people"
    label = "people"

    def ready(self) -> None:
        from auditlog.registry import auditlog

        from .models import Person, Post

        auditlog.register(Person, exclude_fields=["search_text", "name_sort", "updated_at"])
        auditlog.register(Post, exclude_fields=["updated_at"])
