"""Reference lists of capacity development, kept by system administrators in the admin."""

from django.contrib import admin

from .models import (
    Competency,
    CompetencyDomain,
    PerformanceIndicator,
    PositionProfile,
    QualificationSubject,
    TargetGroup,
)


@admin.register(CompetencyDomain)
class CompetencyDomainAdmin(admin.ModelAdmin):
    list_display = ("code", "name_km", "name_en", "order")


@admin.register(Competency)
class CompetencyAdmin(admin.ModelAdmin):
    list_display = ("code", "name_km", "name_en", "domain", "level")
    list_filter = ("domain", "level")
    search_fields = ("code", "name_km", "name_en")
    exclude = ("search_text",)


@admin.register(TargetGroup, QualificationSubject)
class NamedReferenceAdmin(admin.ModelAdmin):
    list_display = ("code", "name_km", "name_en")
    search_fields = ("code", "name_km", "name_en")


@admin.register(PositionProfile)
class PositionProfileAdmin(admin.ModelAdmin):
    list_display = ("code", "name_km", "name_en", "level")
    filter_horizontal = ("competencies",)


@admin.register(PerformanceIndicator)
class PerformanceIndicatorAdmin(admin.ModelAdmin):
    list_display = ("code", "name_km", "name_en", "unit_label", "higher_is_better")
