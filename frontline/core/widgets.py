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
