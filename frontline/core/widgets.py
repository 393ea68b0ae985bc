"""A search box with suggestions, for choosing one record in a form (organisations, areas).

The box asks the subclass's URL for suggestions with HTMX; choosing one fills a hidden input
with the record's key (static/js/app.js), which is what the form submits. Without JavaScript the
typed text is submitted as `<name>_search`, and the field makes what it can of it.
"""

from django import forms


class SearchBoxWidget(forms.Widget):
    """Subclasses put in the template context: `chosen` (the chosen record's key, or ""),
    `search_text`, `placeholder` and `search_url`."""

    template_name = "core/widgets/search_box.html"

    def value_from_datadict(self, data, files, name):
        return data.get(name) or data.get(f"{name}_search", "").strip() or None

    def value_omitted_from_data(self, data, files, name):
        return name not in data and f"{name}_search" not in data

    def id_for_label(self, id_):
        return f"{id_}_search" if id_ else id_


def typed_query(request) -> str:
    """What is typed in the search box a suggestions request comes from: the box of the field
    the request names (`name`), as the widget sends it (`<name>_search`), at most 100 characters."""
    name = request.GET.get("name", "")
    return request.GET.get(f"{name}_search", "").strip()[:100] if name.isidentifier() else ""
