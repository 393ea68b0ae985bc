"""Reports: a programme's summary over a phase or a period, as a page, .xlsx and PDF."""

import datetime

from django import forms
from django.contrib.auth.decorators import login_required
from django.http import HttpResponse
from django.shortcuts import render
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from frontline.accounts.roles import Perm

from ..forms import DATE_INPUT, LocalizedChoiceField
from ..models import Programme
from ..reports import headline, programme_summary, summary_pdf, summary_xlsx
from ._common import require

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


class SummaryForm(forms.Form):
    programme = LocalizedChoiceField(label=_("Programme"), queryset=Programme.objects.none())
    start = forms.DateField(label=pgettext_lazy("period", "From"), widget=DATE_INPUT)
    end = forms.DateField(label=pgettext_lazy("period", "Until"), widget=DATE_INPUT)

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["programme"].queryset = Programme.objects.visible_to(user)

    def clean(self):
        data = super().clean()
        if data.get("start") and data.get("end") and data["end"] < data["start"]:
            self.add_error("end", _("The end date cannot be before the start date."))
        return data


@login_required
def programme_report(request):
    require(request.user, Perm.LEARNING_VIEW)
    today = datetime.date.today()  # noqa: DTZ011 - default of a date form
    form = SummaryForm(
        request.GET or None, user=request.user, initial={"start": today.replace(month=1, day=1), "end": today}
    )
    summary = None
    if form.is_valid():
        summary = programme_summary(user=request.user, **form.cleaned_data)
        name = f"programme-{summary.programme.code}-{summary.start}-{summary.end}"
        if request.GET.get("format") == "xlsx":
            return _download(summary_xlsx(summary), XLSX, f"{name}.xlsx")
        if request.GET.get("format") == "pdf":
            return _download(summary_pdf(summary), "application/pdf", f"{name}.pdf")
    context = {"form": form, "summary": summary, "headline": headline(summary) if summary else ""}
    return render(request, "learning/report.html", context)


def _download(content: bytes, content_type: str, filename: str) -> HttpResponse:
    response = HttpResponse(content, content_type=content_type)
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response
