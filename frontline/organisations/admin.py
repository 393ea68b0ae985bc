from django.contrib import admin

from .models import Organisation
from .services import organisation_create, organisation_update


@admin.register(Organisation)
class OrganisationAdmin(admin.ModelAdmin):
    list_display = ["name_en", "name_km", "kind", "code", "area"]
    list_filter = ["kind"]
    search_fields = ["name_en", "name_km", "code", "abbreviation"]
    raw_id_fields = ["parent", "area"]
    fields = ["code", "parent", "kind", "name_km", "name_en", "abbreviation", "area", "is_active"]

    def get_readonly_fields(self, request, obj=None):
        return ["parent"] if obj else []

    def save_model(self, request, obj, form, change):
        """Through the services, which keep paths, search text and officials' copies in step."""
        fields = {name: form.cleaned_data[name] for name in form.changed_data if name != "parent"}
        if change:
            fresh = Organisation.objects.get(pk=obj.pk)
            organisation_update(acting_user=request.user, organisation=fresh, **fields)
        else:
            data = {name: form.cleaned_data[name] for name in self.fields if name != "parent"}
            created = organisation_create(acting_user=request.user, parent=form.cleaned_data["parent"], **data)
            obj.pk = created.pk
