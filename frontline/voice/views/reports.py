"""The report to government as a page, .xlsx and PDF (see voice.reports)."""

from django.contrib.auth.decorators import login_required
from django.http import HttpResponse
from django.shortcuts import render
from django.utils import timezone

from frontline.accounts.roles import Perm

from ..forms import ReportForm
from ..reports import action_lines, government_report, report_pdf, report_xlsx
from ..selectors import _area_only_reach
from ._common import require

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def _within_reach(user, area: str) -> str | None:
    """The area to report on: the one asked for when the user reaches it (or part of it), else
    the user's own area when their grants are by area alone."""
    reach = _area_only_reach(user, Perm.VOICE_VIEW)
    if reach is None:  # organisation grants: the concerns of their units, narrowed by area
        return area
    if area and any(area.startswith(prefix) for prefix in reach):
        return area
    if area:
        return None
    return reach[0] if reach else None


@login_required
def report(request):
    require(request.user, Perm.VOICE_VIEW)
    today = timezone.localdate()
    form = ReportForm(request.GET or None, initial={"start": today.replace(month=1, day=1), "end": today})
    result = None
    if form.is_valid():
        area = _within_reach(request.user, form.cleaned_data["area"])
        if area is None:
            form.add_error("area", ReportForm.outside_scope_message())
        else:
            result = government_report(
                user=request.user, area_code=area, start=form.cleaned_data["start"], end=form.cleaned_data["end"]
            )
            name = f"report-{area or 'kh'}-{result.start}-{result.end}"
            if request.GET.get("format") == "xlsx":
                return _download(report_xlsx(result), XLSX, f"{name}.xlsx")
            if request.GET.get("format") == "pdf":
                return _download(report_pdf(result), "application/pdf", f"{name}.pdf")
    listed = [(concern, action_lines(concern)) for concern in result.listed] if result else []
    return render(request, "voice/report.html", {"form": form, "report": result, "listed": listed})


def _download(content: bytes, content_type: str, filename: str) -> HttpResponse:
    response = HttpResponse(content, content_type=content_type)
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response
