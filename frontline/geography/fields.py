"""Choosing one area in a form: a search box with suggestions, not a code to know by heart.

Staff on a phone know a village by its name, in Khmer or in English, rarely by its 8-digit
NCDD code. The widget asks `geography:choose` (HTMX) for the areas of the form's levels whose
name or code matches what is typed; choosing one fills a hidden input with its code, which is
what the form submits. Without JavaScript the typed text is submitted instead: a code (Khmer
digits too), a suggestion's label ("Pu Lung (11010101)") or a name that only one area of those
levels bears. The field checks all of it again on the server and says what is wrong on the field.
"""

import re

from django import forms
from django.db.models import Q
from django.urls import reverse
from django.utils.http import urlencode
from django.utils.translation import gettext_lazy as _

from frontline.core.formatting import localized
from frontline.core.text import latin_digits
from frontline.core.widgets import SearchBoxWidget

from .models import Area

# A suggestion's label ends with the code in brackets: "ពូលូង (11010101)".
LABELLED_CODE = re.compile(r"\((\d{1,12})\)\s*$")


def area_label(area: Area) -> str:
    """What the search box shows once an area is chosen: its name in the reader's language and its code."""
    return f"{localized(area)} ({area.code})"


def code_in(text: str) -> str | None:
    """The code a typed text gives: all digits, or a suggestion's label; None for a name."""
    digits = latin_digits((text or "").strip())
    if digits.isascii() and digits.isdigit():
        return digits
    labelled = LABELLED_CODE.search(digits)
    return labelled.group(1) if labelled else None


def area_of_code(code: str, levels: tuple[str, ...]) -> Area | None:
    return Area.objects.filter(code=code, level__in=levels).first() if len(code) <= 8 else None


def area_named(text: str, levels: tuple[str, ...]) -> Area | None:
    """The one area of `levels` whose English (in any case) or Khmer name is `text`; None when
    no area or several bear it."""
    named = list(Area.objects.filter(Q(name_en__iexact=text) | Q(name_km=text), level__in=levels)[:2])
    return named[0] if len(named) == 1 else None


def find_area(text: str, levels: tuple[str, ...]) -> Area | None:
    """The area of `levels` a typed text gives: a code (Khmer digits too), a suggestion's label,
    or a name only one such area bears."""
    text = (text or "").strip()
    code = code_in(text)
    if code is not None:
        return area_of_code(code, levels)
    return area_named(text, levels) if text else None


class AreaSearchWidget(SearchBoxWidget):
    def __init__(self, *, levels: tuple[str, ...] = (), attrs=None):
        super().__init__(attrs)
        self.levels = tuple(levels)

    def get_context(self, name, value, attrs):
        context = super().get_context(name, value, attrs)
        # The field's prepare_value has made a chosen Area its code.
        code = code_in(value) if isinstance(value, str) else None
        area = area_of_code(code, self.levels) if code else None
        widget = context["widget"]
        widget["chosen"] = area.code if area else ""
        widget["search_text"] = area_label(area) if area else (value if isinstance(value, str) else "")
        widget["placeholder"] = _("Type a name in Khmer or English, or a code")
        widget["search_url"] = (
            reverse("geography:choose") + "?" + urlencode({"level": self.levels, "name": name}, doseq=True)
        )
        return context


class AreaChoiceField(forms.Field):
    """An area of one of `levels`, chosen in the search box (its code) or typed; cleans to the Area."""

    default_error_messages = {
        "unknown_code": _("No place of the right level has this code."),
        "not_chosen": _("No single place of the right level has this name: choose one of the suggestions."),
    }

    def __init__(self, *, levels: tuple[str, ...], **kwargs):
        self.levels = tuple(levels)
        kwargs.setdefault("widget", AreaSearchWidget(levels=self.levels))
        super().__init__(**kwargs)

    def to_python(self, value) -> Area | None:
        if isinstance(value, Area):
            return value
        text = str(value or "").strip()
        if not text:
            return None
        code = code_in(text)
        if code is not None:
            area = area_of_code(code, self.levels)
            if area is None:
                raise forms.ValidationError(self.error_messages["unknown_code"], code="area_unknown")
            return area
        area = area_named(text, self.levels)
        if area is None:
            raise forms.ValidationError(self.error_messages["not_chosen"], code="area_not_chosen")
        return area

    def prepare_value(self, value):
        return value.code if isinstance(value, Area) else value
