from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class KnowledgeConfig(AppConfig):
    """Knowledge exchange: good practices, innovations and leadership examples contributed by units."""

    name = "frontline.knowledge"
    label = "knowledge"
    verbose_name = _("Knowledge exchange")

    def ready(self) -> None:
        from auditlog.registry import auditlog

        from .models import Practice

        auditlog.register(
            Practice, exclude_fields=["search_text", "updated_at"], m2m_fields={"competencies", "programmes"}
        )
