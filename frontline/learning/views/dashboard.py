"""The training dashboard within the user's scope."""

from django.contrib.auth.decorators import login_required
from django.http import Http404
from django.shortcuts import render

from frontline.core.formatting import format_digits
from frontline.people.models import PostLevel, Sex

from ..dashboard import dashboard, dashboard_scopes, default_year, resolve_scope


def _bars(items: list[tuple[str, int, int]]) -> list[dict]:
    """Rows of a horizontal bar chart: label, participants, completed, and widths in percent."""
    top = max((participants for _label, participants, _completed in items), default=0) or 1
    return [
        {
            "label": label,
            "participants": participants,
            "completed": completed,
            "width": round(100 * participants / top, 1),
            "inner": round(100 * completed / participants, 1) if participants else 0,
        }
        for label, participants, completed in items
    ]


@login_required
def training_dashboard(request):
    scopes = dashboard_scopes(request.user)
    if not scopes:
        raise Http404
    scope = resolve_scope(scopes, request.GET.get("scope", ""))
    year = request.GET.get("year", "")
    year = int(year) if year.isascii() and year.isdigit() and 1990 <= int(year) <= 2100 else default_year()
    data = dashboard(scope, year=year)
    totals = data["totals"]
    data.update(
        scopes=scopes,
        year_choices=range(default_year(), default_year() - 6, -1),
        level_rows=[
            (label, [totals.by_level_sex.get((level, sex), [0, 0]) for sex in (Sex.FEMALE, Sex.MALE)])
            for level, label in PostLevel.choices
        ],
        year_bars=_bars([(format_digits(row["year"]), row["participants"], row["completed"]) for row in data["years"]]),
        # Areas or units that trained someone, most first.
        child_bars=_bars(
            sorted(
                ((name, t.participants, t.completed) for _key, name, t in data["children"] if t.participants),
                key=lambda item: (-item[2], -item[1]),
            )
        ),
    )
    return render(request, "learning/dashboard.html", data)
