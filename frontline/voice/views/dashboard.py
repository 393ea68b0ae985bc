"""The citizens' voice dashboard (see voice.dashboard for where its numbers come from)."""

from django.contrib.auth.decorators import login_required
from django.shortcuts import render

from frontline.accounts.roles import Perm

from .. import dashboard as voice_dashboard
from ._common import int_param, require


def _bars(items: list[tuple[str, int]]) -> list[dict]:
    top = max((value for _label, value in items), default=0) or 1
    return [{"label": label, "value": value, "width": round(100 * value / top, 1)} for label, value in items]


@login_required
def dashboard(request):
    require(request.user, Perm.VOICE_VIEW)
    year = int_param(request.GET.get("year"))
    year = year if year and 2000 <= year <= 2100 else voice_dashboard.default_year()
    area = request.GET.get("area", "")
    area = area if area.isascii() and area.isdigit() and len(area) in (2, 4, 6) else ""
    data = voice_dashboard.build(request.user, area=area, year=year)
    context = {
        "data": data,
        "year": year,
        "year_choices": range(voice_dashboard.default_year(), voice_dashboard.default_year() - 6, -1),
        "category_bars": _bars([(name, received) for name, received, _open in data.by_category]),
        "channel_bars": _bars(data.by_channel),
        "status_bars": _bars([(label, value) for _value, label, value in data.by_status]),
        "escalation_bars": _bars(data.escalations),
        "child_bars": _bars([(name, received) for _code, name, received, _share in data.child_rows]),
    }
    return render(request, "voice/dashboard.html", context)
