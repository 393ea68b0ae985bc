from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ElearningConfig(AppConfig):
    """Self-paced online courses: lessons, quizzes, progress, completion under the programme's rule."""

    name = "frontline.elearning"
    label = "elearning"
    verbose_name = _("Online courses")

    def ready(self) -> None:
        from auditlog.registry import auditlog

        from .models import Course, Lesson, LessonProgress

        auditlog.register(Course, exclude_fields=["search_text", "updated_at"])
        auditlog.register(Lesson, exclude_fields=["updated_at"], m2m_fields={"questions"})
        auditlog.register(LessonProgress, exclude_fields=["updated_at"])
