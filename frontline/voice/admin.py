"""The citizens' voice reference lists, kept by system administrators in the admin: the
category taxonomy with its deadlines and ministry, the routing rules, and (read only) the
Open311 API keys, which `manage.py open311_key NAME` issues."""

from django.contrib import admin

from .models import ApiKey, Category, RoutingRule


@admin.register(Category)
class CategoryAdmin(admin.ModelAdmin):
    list_display = ("code", "name_km", "name_en", "acknowledge_days", "resolve_days", "ministry", "is_active")
    list_editable = ("acknowledge_days", "resolve_days", "is_active")
    list_filter = ("is_active",)
    search_fields = ("code", "name_km", "name_en")
    autocomplete_fields = ("ministry",)
    ordering = ("sort_order", "code")


@admin.register(RoutingRule)
class RoutingRuleAdmin(admin.ModelAdmin):
    list_display = ("category", "area", "authority", "note")
    list_filter = ("category",)
    search_fields = ("area__code", "area__name_en", "authority__name_en", "authority__code", "note")
    autocomplete_fields = ("area", "authority")
    list_select_related = ("category", "area", "authority")


@admin.register(ApiKey)
class ApiKeyAdmin(admin.ModelAdmin):
    """Keys are issued from the command line (the key is shown once); here they are only listed."""

    list_display = ("name", "prefix", "created_at", "last_used_at", "revoked_at")
    readonly_fields = ("name", "prefix", "created_at", "last_used_at", "revoked_at")
    exclude = ("key_hash",)

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False
