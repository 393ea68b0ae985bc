"""Reports of capacity development as .xlsx (openpyxl) and PDF (WeasyPrint): a programme's
summary over a phase or any period, e.g. "52 target groups, 987 officials trained, 41% women"."""

import datetime
import io
from dataclasses import dataclass, field

from django.db.models import Count, Q, Sum
from django.template.loader import render_to_string
from django.utils import translation
from django.utils.translation import gettext as _
from django.utils.translation import pgettext

from frontline.core.formatting import format_date, format_number, format_percent, format_riel, localized
from frontline.core.text import breakable_khmer
from frontline.geography.models import Area, Level

from .models import Enrolment, EnrolmentStatus, EventStatus, Programme, TrainingEvent

COUNTED = (EventStatus.COMPLETED, EventStatus.REPORTED)


@dataclass
class ProvinceLine:
    name: str
    events: int = 0
    participants: int = 0
    trained: int = 0
    women: int = 0


@dataclass
class ProgrammeSummary:
    programme: Programme
    start: datetime.date
    end: datetime.date
    events: list = field(default_factory=list)
    target_groups: int = 0
    participants: int = 0
    trained: int = 0
    women_trained: int = 0
    cost: int = 0
    provinces: list[ProvinceLine] = field(default_factory=list)

    @property
    def women_share(self) -> float | None:
        return self.women_trained / self.trained if self.trained else None

    @property
    def cost_per_trained(self) -> float | None:
        return self.cost / self.trained if self.trained else None


def programme_summary(*, user, programme: Programme, start: datetime.date, end: datetime.date) -> ProgrammeSummary:
    """The programme's completed events ending between start and end, within the user's scope."""
    events = (
        TrainingEvent.objects.visible_to(user)
        .filter(programme=programme, status__in=COUNTED, end_date__range=(start, end))
        .select_related("area", "organiser")
        .order_by("start_date", "id")
    )
    summary = ProgrammeSummary(programme, start, end, events=list(events))
    # Participants the user may see (a quota-holding province sees its own people only).
    enrolled = Enrolment.objects.visible_to(user).filter(event__in=events, status=EnrolmentStatus.ENROLLED)
    totals = enrolled.aggregate(
        participants=Count("id"),
        trained=Count("person", filter=Q(completed=True), distinct=True),
        women=Count("person", filter=Q(completed=True, sex="F"), distinct=True),
    )
    summary.participants = totals["participants"]
    summary.trained = totals["trained"]
    summary.women_trained = totals["women"]
    summary.cost = events.aggregate(total=Sum("actual_cost"))["total"] or 0
    summary.target_groups = (
        TrainingEvent.target_groups.through.objects.filter(trainingevent__in=events)
        .values("targetgroup")
        .distinct()
        .count()
    )
    summary.provinces = _by_province(events, enrolled)
    return summary


def _by_province(events, enrolled) -> list[ProvinceLine]:
    names = {area.code: localized(area) for area in Area.objects.filter(level=Level.PROVINCE)}
    lines: dict[str, ProvinceLine] = {}
    for row in events.values("province_code").annotate(n=Count("id")):
        lines.setdefault(row["province_code"], ProvinceLine(names.get(row["province_code"], ""))).events = row["n"]
    participants = enrolled.values("province_code").annotate(
        n=Count("id"),
        trained=Count("person", filter=Q(completed=True), distinct=True),
        women=Count("person", filter=Q(completed=True, sex="F"), distinct=True),
    )
    for row in participants:
        line = lines.setdefault(row["province_code"], ProvinceLine(names.get(row["province_code"], _("National"))))
        line.participants, line.trained, line.women = row["n"], row["trained"], row["women"]
    return sorted(lines.values(), key=lambda line: -line.trained)


def headline(summary: ProgrammeSummary) -> str:
    return _("%(groups)s target groups, %(trained)s officials trained, %(women)s women") % {
        "groups": format_number(summary.target_groups),
        "trained": format_number(summary.trained),
        "women": format_percent(summary.women_share) or "—",
    }


def summary_xlsx(summary: ProgrammeSummary) -> bytes:
    """Three sheets: the summary, the events, the provinces (numbers as numbers, not text)."""
    from openpyxl import Workbook
    from openpyxl.styles import Font

    workbook = Workbook()
    sheet = workbook.active
    sheet.title = _("Summary")[:31]
    bold = Font(bold=True)
    rows = [
        (_("Programme"), localized(summary.programme, "title")),
        (pgettext("period", "From"), summary.start),
        (pgettext("period", "Until"), summary.end),
        (_("Events completed"), len(summary.events)),
        (_("Target groups"), summary.target_groups),
        (_("Participants"), summary.participants),
        (_("Officials trained (completed)"), summary.trained),
        (_("Women among those trained"), summary.women_share),
        (_("Actual cost (riel)"), summary.cost),
        (_("Cost per official trained"), summary.cost_per_trained),
    ]
    for label, value in rows:
        sheet.append([str(label), value])
        sheet.cell(sheet.max_row, 1).font = bold
    sheet.cell(8, 2).number_format = "0%"  # the share of women
    sheet.column_dimensions["A"].width = 36
    sheet.column_dimensions["B"].width = 60
    events = workbook.create_sheet(_("Events")[:31])
    events.append(
        [
            str(h)
            for h in (
                _("Start date"),
                _("End date"),
                _("Event"),
                _("Venue"),
                _("Area"),
                _("Participants"),
                _("Completed"),
                _("Actual cost (riel)"),
            )
        ]
    )
    for event in summary.events:
        events.append(
            [
                event.start_date,
                event.end_date,
                localized(event, "title"),
                event.venue,
                localized(event.area),
                event.enrolled_count,
                event.completed_count,
                event.actual_cost,
            ]
        )
    provinces = workbook.create_sheet(_("By province")[:31])
    provinces.append([str(h) for h in (_("Province"), _("Events"), _("Participants"), _("Trained"), _("Women"))])
    for line in summary.provinces:
        provinces.append([line.name, line.events, line.participants, line.trained, line.women])
    for extra in (events, provinces):
        for cell in extra[1]:
            cell.font = bold
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def summary_pdf(summary: ProgrammeSummary) -> bytes:
    from weasyprint import HTML

    from .certificates import FONT_DIR, _font_config

    context = {
        "summary": summary,
        "headline": headline(summary),
        "title": breakable_khmer(localized(summary.programme, "title")),
        "period": f"{format_date(summary.start)} – {format_date(summary.end)}",
        "cost": format_riel(summary.cost),
        "cost_per_trained": format_riel(round(summary.cost_per_trained)) if summary.cost_per_trained else "—",
        "font_dir": FONT_DIR.as_uri(),
        "language": translation.get_language(),
    }
    html = render_to_string("learning/report_pdf.html", context)
    return HTML(string=html).write_pdf(font_config=_font_config())
