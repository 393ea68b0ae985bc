"""Choosing one organisation in a form: a search box over the user's scope, not a <select>.

A national user's <select> listed every unit in the country (2,700 options, ~200 KB). The
widget instead asks `organisations:choose` for the few units matching what is typed (HTMX),
within the form's permission; choosing one fills a hidden input with its id. Without
JavaScript, typing a unit's code works too.
"""

from django import forms
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils.http import urlencode
from django.utils.translation import gettext as _

from frontline.core.formatting import localized
from frontline.core.widgets import SearchBoxWidget


def _is_id(value) -> bool:
    return isinstance(value, int) or (isinstance(value, str) and value.isascii() and value.isdigit())


class OrganisationSearchWidget(SearchBoxWidget):
    def __init__(self, *, purpose: str, attrs=None):
        super().__init__(attrs)
        self.purpose = purpose  # which permission the choices are scoped by (see views.CHOICE_PURPOSES)

    def get_context(self, name, value, attrs):
        context = super().get_context(name, value, attrs)
        chosen = None
        if _is_id(value) and hasattr(self, "choices"):
            chosen = self.choices.queryset.filter(pk=value).first()
        widget = context["widget"]
        widget["chosen"] = chosen.pk if chosen else ""
        widget["search_text"] = localized(chosen) if chosen else ("" if _is_id(value) else value or "")
        widget["placeholder"] = _("Type a name, abbreviation or code")
        widget["search_url"] = reverse("organisations:choose") + "?" + urlencode({"for": self.purpose, "name": name})
        return context


class OrganisationChoiceField(forms.ModelChoiceField):
    """Labels in the reader's language; accepts an id, or a unit's code typed without JavaScript."""

    def label_from_instance(self, obj) -> str:
        return localized(obj)

    def to_python(self, value):
        if value in self.empty_values or _is_id(value):
            return super().to_python(value)
        match = self.queryset.filter(code=str(value).strip().lower()).first()
        if match is None:
            raise ValidationError(self.error_messages["invalid_choice"], code="invalid_choice")
        return match
