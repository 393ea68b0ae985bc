from django.contrib import admin

from .models import Person


@admin.register(Person)
class PersonAdmin(admin.ModelAdmin):
    """Look-up only: people and posts change through the pages, the API or an import."""

    list_display = [
        "family_name_km",
        "given_name_km",
        "family_name_latin",
        "given_name_latin",
        "organisation",
    ]
    search_fields = ["family_name_latin", "given_name_latin", "national_id"]
    list_select_related = ["organisation"]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        """Deleting here would bypass the services that keep the official tallies (and the
        bulk action would skip even the model's signals)."""
        return False
