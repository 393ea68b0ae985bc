"""Template filters for Frontline; loaded as a builtin, so every template has them."""

from django import template
from django.utils.html import format_html
from django.utils.http import urlencode

from .. import formatting

register = template.Library()

register.filter("num", lambda value, decimals=0: formatting.format_number(value, decimals=int(decimals)))
register.filter("get_item", lambda mapping, key: mapping.get(key) if hasattr(mapping, "get") else None)
register.filter("digits", lambda value: formatting.format_digits(value))
register.filter("riel", lambda value: formatting.format_riel(value))
register.filter("day", lambda value: formatting.format_date(value))
register.filter("moment", lambda value: formatting.format_datetime(value))
register.filter("pct", lambda value: formatting.format_percent(value))


@register.simple_tag(takes_context=True)
def query_with(context, **changes) -> str:
    """The current query string with some parameters changed (for sorting and paging links)."""
    params = context["request"].GET.copy()
    for key, value in changes.items():
        if value in (None, ""):
            params.pop(key, None)
        else:
            params[key] = value
    if "page" not in changes:
        params.pop("page", None)
    return "?" + urlencode(sorted(params.lists()), doseq=True) if params else "?"


@register.filter
def localized(obj, field: str = "name") -> str:
    """obj.name_km in Khmer, obj.name_en in English (falling back to the other)."""
    return formatting.localized(obj, field)


@register.simple_tag(takes_context=True)
def sort_header(context, label, key: str, current: str) -> str:
    """A column heading that sorts by `key`, then by `-key` when clicked again (HTMX swaps the results)."""
    descending = current == f"-{key}"
    target = key if descending or current != key else f"-{key}"
    arrow = " ↓" if descending else " ↑" if current == key else ""
    href = query_with(context, sort=target)
    return format_html(
        '<a href="{}" hx-get="{}" hx-target="#results" hx-push-url="true">{}{}</a>', href, href, label, arrow
    )
