"""Admin for system administrators. Every change made here is audited like any other
(django-auditlog signals, with the signed-in admin as actor)."""

from django.contrib import admin
from django.contrib.auth.admin import UserAdmin

from .models import RoleAssignment, User


class RoleAssignmentInline(admin.TabularInline):
    model = RoleAssignment
    extra = 0
    autocomplete_fields = ["area", "organisation"]


@admin.register(User)
class FrontlineUserAdmin(UserAdmin):
    inlines = [RoleAssignmentInline]
    list_display = ["username", "first_name", "last_name", "is_active", "last_login"]

    def has_delete_permission(self, request, obj=None):
        """Accounts are deactivated, never deleted: the audit log keeps naming who acted."""
        return False

    raw_id_fields = ["person"]
    fieldsets = (*UserAdmin.fieldsets, (None, {"fields": ["person"]}))
