from django.contrib import admin

from .models import Area


@admin.register(Area)
class AreaAdmin(admin.ModelAdmin):
    """Read-only: the tree comes from the NCDD list (load_gazetteer)."""

    list_display = ["code", "name_km", "name_en", "level", "kind"]
    list_filter = ["level", "kind"]
    search_fields = ["code", "name_en", "name_km"]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False
