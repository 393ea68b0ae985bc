from django.apps import AppConfig


class PeopleConfig(AppConfig):
    name = "frontline.people"
    label = "people"

    def ready(self) -> None:
        from auditlog.registry import auditlog

        from frontline.accounts.roles import Perm
        from frontline.audit.scopes import register_audit_scope

        from .models import Person, Post

        auditlog.register(Person, exclude_fields=["search_text", "name_sort", "updated_at"])
        auditlog.register(Post, exclude_fields=["updated_at"])
        register_audit_scope(Person, lambda user: Person.objects.visible_to(user, perm=Perm.AUDIT_VIEW))
        register_audit_scope(Post, lambda user: Post.objects.visible_to(user, perm=Perm.AUDIT_VIEW))

        from frontline.organisations.services import UNIT_MOVED

        from .services import organisation_moved_area

        UNIT_MOVED.append(lambda organisation: organisation_moved_area(organisation=organisation))
