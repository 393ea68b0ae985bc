from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class LearningConfig(AppConfig):
    """Capacity development: competencies, programmes, events, attendance, tests, certificates."""

    name = "frontline.learning"
    label = "learning"
    verbose_name = _("Capacity development")

    def ready(self) -> None:
        from auditlog.registry import auditlog

        from . import models

        for model in models.AUDITED:
            auditlog.register(model, exclude_fields=["search_text", "updated_at"])
