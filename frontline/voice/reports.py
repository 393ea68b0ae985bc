"""The report to government: for a period and an area within the user's scope, the unresolved
and escalated concerns by province and category, then those concerns with the actions taken
and by whom; as a page, .xlsx (openpyxl) and PDF (WeasyPrint, Khmer shaped).

Built to stay fast at national scale: the counts are one GROUP BY in SQL; the listed concerns
are capped (the escalated ones, highest rung first, then the oldest unresolved; the total is
stated), and their actions and steps are fetched in two queries for all of them.
"""

import datetime
import io
from dataclasses import dataclass, field

from django.db.models import Count, Prefetch, Q
from django.template.loader import render_to_string
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from django.utils.translation import pgettext

from frontline.core.formatting import format_date, format_number, localized
from frontline.core.text import breakable_khmer
from frontline.geography.codes import subtree_q
from frontline.geography.models import Area, Level

from .models import OPEN_STATUSES, Category, Concern, ConcernUpdate, WorkingGroupAction

LISTED_MAX = 200
STEP_KINDS = (ConcernUpdate.Kind.TRANSITION, ConcernUpdate.Kind.ROUTED, ConcernUpdate.Kind.ESCALATED)


@dataclass
class CountRow:
    province: str
    category: str
    unresolved: int
    escalated: int


@dataclass
class GovernmentReport:
    area_code: str
    area_label: str
    start: datetime.date
    end: datetime.date
    rows: list[CountRow] = field(default_factory=list)
    unresolved: int = 0
    escalated: int = 0
    concerned: int = 0  # concerns unresolved or escalated (a concern may be both)
    listed: list[Concern] = field(default_factory=list)

    @property
    def period(self) -> str:
        return f"{format_date(self.start)} – {format_date(self.end)}"

    @property
    def listed_note(self) -> str:
        return _("%(listed)s of %(total)s concerns listed: the escalated ones first, then the oldest unresolved.") % {
            "listed": format_number(len(self.listed)),
            "total": format_number(self.concerned),
        }


def _period_bounds(start: datetime.date, end: datetime.date) -> tuple[datetime.datetime, datetime.datetime]:
    zone = timezone.get_current_timezone()
    return (
        datetime.datetime.combine(start, datetime.time.min, tzinfo=zone),
        datetime.datetime.combine(end + datetime.timedelta(days=1), datetime.time.min, tzinfo=zone),
    )


def _concerns(user, area_code: str, start, end):
    """The concerns received in the period in the area within the user's scope (merged
    duplicates left out: their primary carries them)."""
    since, until = _period_bounds(start, end)
    concerns = Concern.objects.visible_to(user).filter(
        received_at__gte=since, received_at__lt=until, merged_into__isnull=True
    )
    if len(area_code) == 2:
        concerns = concerns.filter(province_code=area_code)
    elif area_code:
        concerns = concerns.filter(subtree_q("area_code", area_code))
    return concerns


UNRESOLVED = Q(status__in=OPEN_STATUSES)
ESCALATED = Q(escalated_to__isnull=False)  # set by the deadline job only (routing leaves it)


def government_report(*, user, area_code: str, start: datetime.date, end: datetime.date) -> GovernmentReport:
    area = Area.objects.filter(code=area_code).first() if area_code else None
    report = GovernmentReport(area_code, localized(area) if area else _("Cambodia"), start, end)
    concerns = _concerns(user, area_code, start, end)
    wanted = concerns.filter(UNRESOLVED | ESCALATED)
    counted = (
        wanted.order_by()
        .values("province_code", "category_id")
        .annotate(unresolved=Count("id", filter=UNRESOLVED), escalated=Count("id", filter=ESCALATED), n=Count("id"))
    )
    provinces = {
        row.code: localized(row) for row in Area.objects.filter(level=Level.PROVINCE).only("code", "name_km", "name_en")
    }
    categories = {category.pk: localized(category) for category in Category.objects.all()}
    for row in counted:
        report.rows.append(
            CountRow(
                provinces.get(row["province_code"], row["province_code"]),
                categories.get(row["category_id"], ""),
                row["unresolved"],
                row["escalated"],
            )
        )
        report.unresolved += row["unresolved"]
        report.escalated += row["escalated"]
        report.concerned += row["n"]
    report.rows.sort(key=lambda r: (r.province, -(r.unresolved + r.escalated), r.category))
    report.listed = _listed(concerns, report.escalated)
    return report


def _listed(concerns, escalated_total: int) -> list[Concern]:
    related = concerns.select_related("category", "area", "authority", "escalated_to").prefetch_related(
        Prefetch(
            "actions",
            queryset=WorkingGroupAction.objects.select_related("unit", "partner", "author").order_by("created_at"),
        ),
        Prefetch(
            "updates",
            queryset=ConcernUpdate.objects.filter(kind__in=STEP_KINDS)
            .select_related("unit", "author")
            .order_by("created_at", "id"),
            to_attr="steps",
        ),
    )
    escalated = list(related.filter(ESCALATED).order_by("-escalation_level", "received_at", "id")[:LISTED_MAX])
    room = LISTED_MAX - len(escalated)
    oldest = []
    if room > 0:
        oldest = list(related.filter(UNRESOLVED, escalated_to__isnull=True).order_by("received_at", "id")[:room])
    return escalated + oldest


def _who(user) -> str:
    if user is None:
        return _("the system")
    return user.get_full_name() or user.get_username()


def action_lines(concern: Concern) -> list[str]:
    """What was done on the concern and by whom, oldest first: the working group's actions and
    the handling steps (status changes, routing, escalations)."""
    entries = []
    for action in concern.actions.all():
        entries.append(
            (
                action.created_at,
                _("%(date)s · %(action)s (%(unit)s) · by %(who)s: %(note)s")
                % {
                    "date": format_date(action.created_at),
                    "action": action.get_kind_display(),
                    "unit": localized(action.unit),
                    "who": _who(action.author),
                    "note": action.note,
                },
            )
        )
    for step in getattr(concern, "steps", []):
        if step.kind == ConcernUpdate.Kind.TRANSITION:
            what = _("%(from)s → %(to)s") % {"from": step.get_from_status_display(), "to": step.get_to_status_display()}
        else:
            what = step.get_kind_display()
        unit = f" ({localized(step.unit)})" if step.unit else ""
        entries.append(
            (
                step.created_at,
                _("%(date)s · %(what)s%(unit)s · by %(who)s")
                % {"date": format_date(step.created_at), "what": what, "unit": unit, "who": _who(step.author)},
            )
        )
    return [text for _when, text in sorted(entries, key=lambda entry: entry[0])]


def report_xlsx(report: GovernmentReport) -> bytes:
    """Three sheets: the summary, the counts by province and category, the listed concerns."""
    from openpyxl import Workbook
    from openpyxl.styles import Alignment, Font

    bold = Font(bold=True)
    workbook = Workbook()
    sheet = workbook.active
    sheet.title = _("Summary")[:31]
    for label, value in (
        (_("Report to government"), report.area_label),
        (pgettext("period", "From"), report.start),
        (pgettext("period", "Until"), report.end),
        (_("Unresolved concerns"), report.unresolved),
        (_("Escalated concerns"), report.escalated),
        (_("Concerns listed"), len(report.listed)),
    ):
        sheet.append([str(label), value])
        sheet.cell(sheet.max_row, 1).font = bold
    sheet.column_dimensions["A"].width = 34
    sheet.column_dimensions["B"].width = 40
    counts = workbook.create_sheet(_("By province and category")[:31])
    counts.append([str(h) for h in (_("Province"), _("Category"), _("Unresolved"), _("Escalated"))])
    for row in report.rows:
        counts.append([row.province, row.category, row.unresolved, row.escalated])
    counts.append([str(_("Total")), "", report.unresolved, report.escalated])
    listed = workbook.create_sheet(_("Concerns")[:31])
    listed.append(
        [
            str(h)
            for h in (
                _("Tracking code"),
                _("Received"),
                _("Location"),
                _("Category"),
                _("Status"),
                _("Escalation level"),
                _("Competent authority"),
                _("Description"),
                _("Actions taken and by whom"),
            )
        ]
    )
    wrap = Alignment(wrap_text=True, vertical="top")
    for concern in report.listed:
        listed.append(
            [
                concern.tracking_code,
                timezone.localtime(concern.received_at).date(),
                localized(concern.area),
                localized(concern.category),
                concern.get_status_display(),
                concern.get_escalation_level_display(),
                localized(concern.authority) if concern.authority else "",
                concern.description[:500],
                "\n".join(action_lines(concern)),
            ]
        )
        for cell in listed[listed.max_row]:
            cell.alignment = wrap
    for extra in (counts, listed):
        for cell in extra[1]:
            cell.font = bold
    for column, width in zip("ABCDEFGHI", (12, 12, 20, 18, 14, 16, 28, 50, 70), strict=True):
        listed.column_dimensions[column].width = width
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def report_pdf(report: GovernmentReport) -> bytes:
    from weasyprint import HTML

    from frontline.learning.certificates import FONT_DIR, _font_config

    context = {
        "report": report,
        "title": breakable_khmer(_("Report to government: %(area)s") % {"area": report.area_label}),
        "listed": [(concern, [breakable_khmer(line) for line in action_lines(concern)]) for concern in report.listed],
        "font_dir": FONT_DIR.as_uri(),
        "language": translation.get_language(),
    }
    html = render_to_string("voice/report_pdf.html", context)
    return HTML(string=html).write_pdf(font_config=_font_config())
