"""The participants table of an event page (see frontline.core.rows: why in Python, and how
its values are escaped)."""

from html import escape

from django.utils.safestring import SafeString
from django.utils.translation import get_language
from django.utils.translation import gettext as _

from frontline.core.formatting import format_number, format_percent, localized
from frontline.core.links import route
from frontline.core.rows import NOTHING, escaped, table_rows

from .models import EnrolmentStatus, EventStatus

ROW = (
    '<tr><td><a href="{}">{}</a><br><span class="muted">{}</span></td><td>{}</td><td>{}</td>'
    "<td>{}</td><td>{}</td><td>{}</td><td>{}{}</td></tr>"
)


def _score(value, language: str) -> str:
    return NOTHING if value is None else format_number(value, language=language) + "%"


class ParticipantRows:
    """What every row shares: the event, what the reader may do, the labels translated once."""

    def __init__(self, *, event, can_manage: bool, can_nominate: bool, csrf_token: str):
        self.event = event
        self.can_manage = can_manage
        self.can_nominate = can_nominate
        self.csrf_input = f'<input type="hidden" name="csrfmiddlewaretoken" value="{escape(csrf_token)}">'
        # Read once for the table: each read of the request's language or URL prefix costs a
        # lookup in thread-local storage, fifteen of them a row.
        self.language = get_language()
        self.links = {
            "transcript": route("learning:transcript"),
            "certificate": route("learning:certificate_pdf"),
            "revoke": route("learning:certificate_revoke"),
            "withdraw": route("learning:withdraw", 2),
        }
        self.event_closed = event.status in (EventStatus.COMPLETED, EventStatus.REPORTED)
        self.labels = {
            "completed": escape(_("Completed")),
            "revoked": escape(_("Revoked")),
            "revoke": escape(_("Revoke")),
            "reason": escape(_("Reason")),
            "not_completed": escape(_("Not completed")),
            "withdraw": escape(_("Withdraw")),
        }

    def html(self, participants) -> SafeString:
        return table_rows(ROW, map(self._cells, participants), columns=7, empty=_("No participants yet."))

    def _cells(self, p) -> list[str]:
        person = p.person
        return [
            *escaped(
                (
                    self.links["transcript"](p.person_id),
                    person.name_km,
                    person.name_latin,
                    localized(p.organisation, language=self.language) if p.organisation_id else "",
                    p.get_status_display(),
                    NOTHING if p.rate_so_far is None else format_percent(p.rate_so_far, language=self.language),
                    _score(p.pre_score, self.language),
                    _score(p.post_score, self.language),
                )
            ),
            self._result(p),
            self._withdraw(p),
        ]

    def _result(self, p) -> str:
        """The result cell's markup: completion, the certificate and, for managers, its revoking."""
        labels = self.labels
        if not p.completed:
            return labels["not_completed"] if self.event_closed else ""
        badge = f'<span class="badge status-completed">{labels["completed"]}</span>'
        number = escape(p.certificate_number)
        if not number:
            return badge
        if p.certificate_revoked:
            return f'{badge} <s>{number}</s> <span class="badge warn">{labels["revoked"]}</span>'
        certificate = f'{badge} <a href="{escape(self.links["certificate"](p.certificate_number))}">{number}</a>'
        if not self.can_manage:
            return certificate
        revoke_url = escape(self.links["revoke"](p.certificate_number))
        return (
            f'{certificate}\n<details class="inline-details"><summary>{labels["revoke"]}</summary>'
            f'<form method="post" action="{revoke_url}">{self.csrf_input}'
            f'<input name="reason" required maxlength="1000" placeholder="{labels["reason"]}"'
            f' aria-label="{labels["reason"]}"><button class="btn btn-secondary" type="submit">{labels["revoke"]}'
            "</button></form></details>"
        )

    def _withdraw(self, p) -> str:
        if not self.can_nominate or p.status == EnrolmentStatus.WITHDRAWN:
            return ""
        withdraw_url = escape(self.links["withdraw"](self.event.pk, p.pk))
        return (
            f'\n<form method="post" action="{withdraw_url}" class="inline">{self.csrf_input}'
            f'<button class="link-button" type="submit">{self.labels["withdraw"]}</button></form>'
        )
