"""The rows of the concern list (see frontline.core.rows: why in Python, and how its values
are escaped)."""

from html import escape

from django.utils.safestring import SafeString
from django.utils.text import Truncator
from django.utils.translation import get_language
from django.utils.translation import gettext as _

from frontline.core.formatting import format_date, localized
from frontline.core.links import route
from frontline.core.rows import NOTHING, escaped, table_rows

ROW = (
    '<tr><td><a href="{}">{}</a></td><td>{}<br><span class="muted">{}</span></td>'
    '<td>{}<br><span class="muted">{}</span></td><td>{}</td><td>{}</td>'
    '<td><span class="badge status-{}">{}</span>{}</td></tr>'
)


def concern_rows(concerns) -> SafeString:
    """One row per concern: tracking code (to its page), received, category and the start of
    the description, place, competent authority, status."""
    language = get_language()
    concern_url = route("voice:concern")
    escalated_label = escape(_("Escalated"))
    escalated = f' <span class="badge warn">{escalated_label}</span>'

    def cells(concern) -> list[str]:
        values = escaped(
            (
                concern_url(concern.pk),
                concern.tracking_code,
                format_date(concern.received_at, language=language),
                concern.get_channel_display(),
                localized(concern.category, language=language),
                Truncator(concern.description).chars(80),
                localized(concern.area, language=language),
                localized(concern.authority, language=language) if concern.authority_id else NOTHING,
                concern.status,
                concern.get_status_display(),
            )
        )
        return [*values, escalated if concern.escalated_to_id else ""]

    return table_rows(ROW, map(cells, concerns), columns=6, empty=_("No concerns found."))
