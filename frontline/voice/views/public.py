"""The public pages of the citizens' voice, with no language prefix and no sign-in: the concern
form (/report/), tracking (/track/, /track/<code>/) with rating and reopening, and the open
statistics per province (/open-data/).

Khmer unless the visitor chose English (?lang=en, kept in the frontline_language cookie).
Nothing personal is shown: no name, phone or email, no internal note, no official's name.
"""

import functools
from collections import Counter

from django.conf import settings
from django.core.exceptions import ValidationError
from django.http import FileResponse, Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.cache import patch_vary_headers
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET, require_http_methods

from frontline.core.formatting import localized
from frontline.geography.models import Area, Level
from frontline.learning.dashboard import PROVINCE_TILES

from .. import statistics, throttle
from ..forms_public import LOCATION_FIELDS, RateForm, ReopenForm, ReportForm, TrackForm
from ..models import ANSWERED_STATUSES, Attachment, Channel, Concern, ConcernUpdate
from ..services import concern_create, concern_rate, concern_reopen, normalise_tracking_code
from ..services.handling import REOPEN_WINDOW

LANGUAGES = {code for code, _name in settings.LANGUAGES}


def _choose_language(request) -> str | None:
    """Activate ?lang=, else the cookie, else Khmer; returns the language to remember, if asked."""
    asked = request.GET.get("lang", "")
    if asked in LANGUAGES:
        language, remember = asked, asked
    else:
        cookie = request.COOKIES.get(settings.LANGUAGE_COOKIE_NAME, "")
        language, remember = (cookie if cookie in LANGUAGES else settings.LANGUAGE_CODE), None
    translation.activate(language)
    request.LANGUAGE_CODE = language
    return remember


def _switch_urls(request) -> dict:
    params = request.GET.copy()
    urls = {}
    for language in ("km", "en"):
        params["lang"] = language
        urls[f"url_{language}"] = f"{request.path}?{params.urlencode()}"
    return urls


def public_page(view):
    """Language choice for a public page; the chosen language is kept in the cookie."""

    @functools.wraps(view)
    def wrapped(request, *args, **kwargs):
        remember = _choose_language(request)
        response = view(request, *args, **kwargs)
        if remember:
            response.set_cookie(
                settings.LANGUAGE_COOKIE_NAME, remember, max_age=365 * 86400, samesite="Lax", httponly=False
            )
        response.headers.setdefault("Content-Language", request.LANGUAGE_CODE)
        return response

    return wrapped


def _render(request, template: str, context: dict, *, status: int = 200):
    return render(request, template, {**_switch_urls(request), **context}, status=status)


def _refused(request, *, status: int, retry_after: int, message: str) -> HttpResponse:
    response = _render(request, "voice/public/busy.html", {"message": message, "status": status}, status=status)
    response["Retry-After"] = str(retry_after)
    return response


def _too_many(request, retry_after: int) -> HttpResponse:
    return _refused(
        request,
        status=429,
        retry_after=retry_after,
        message=_("Too many requests from your connection. Please try again in %(seconds)s seconds.")
        % {"seconds": retry_after},
    )


def _overloaded(request) -> HttpResponse:
    seconds = throttle.retry_after_overloaded()
    return _refused(
        request,
        status=503,
        retry_after=seconds,
        message=_("Many people are sending concerns right now. Nothing was saved: please send again in a moment."),
    )


def _errors_onto(form, error: ValidationError, mapping: dict[str, str] | None = None) -> None:
    """Service errors onto the form's fields (unknown fields onto the whole form)."""
    mapping = mapping or {}
    for field, messages in error.message_dict.items():
        target = mapping.get(field, field)
        form.add_error(target if target in form.fields else None, messages)


# ---------------------------------------------------------------------------------------- report


@never_cache
@require_http_methods(["GET", "POST"])
@public_page
def report(request):
    if request.method == "POST" and "refine" not in request.POST:
        retry_after = throttle.hit(request, "report")
        if retry_after:
            return _too_many(request, retry_after)
        form = ReportForm(request.POST, request.FILES)
        if form.is_valid():
            try:
                with throttle.intake_gate.admitted():
                    concern = concern_create(
                        channel=Channel.WEB,
                        category=form.category,
                        area=form.area,
                        description=form.cleaned_data["description"],
                        address_detail=form.cleaned_data["address_detail"],
                        reporter_name=form.cleaned_data["reporter_name"],
                        reporter_phone=form.cleaned_data["reporter_phone"],
                        reporter_email=form.cleaned_data["reporter_email"],
                        reporter_group=form.cleaned_data["reporter_group"],
                        anonymous=form.cleaned_data["anonymous"],
                        confidential=form.cleaned_data["confidential"],
                        attachments=form.cleaned_data["attachments"],
                    )
            except throttle.Overloaded:
                return _overloaded(request)
            except ValidationError as error:
                _errors_onto(form, error, {"area": "commune", "reporter_phone": "reporter_phone"})
            else:
                return redirect(reverse("voice_public:track", args=[concern.tracking_code]) + "?new=1")
        status = 400
    else:
        # "Show the next list" (no JavaScript) only refines the location lists: nothing is checked.
        form = ReportForm(initial=request.POST.dict()) if request.method == "POST" else ReportForm()
        status = 200
    return _render(request, "voice/public/report.html", _report_context(form), status=status)


def _report_context(form) -> dict:
    location_errors = [message for name in LOCATION_FIELDS for message in form.errors.get(name, [])]
    return {"form": form, "location_errors": location_errors}


@never_cache
@require_GET
@public_page
def report_location(request):
    """htmx: the location lists again, the next one filled from what was chosen."""
    form = ReportForm(initial=request.GET.dict())
    return _render(request, "voice/public/_location.html", {"form": form, "location_errors": []})


# ----------------------------------------------------------------------------------------- track


@never_cache
@require_GET
@public_page
def track_lookup(request):
    """A box to type a code; a typed code goes to its page."""
    form = TrackForm(request.GET or None)
    if form.is_bound and form.is_valid():
        code = normalise_tracking_code(form.cleaned_data["code"])
        if code:
            return redirect("voice_public:track", code=code)
    return _render(request, "voice/public/track_lookup.html", {"form": form})


def _public_updates(concern: Concern) -> list[ConcernUpdate]:
    return list(
        ConcernUpdate.objects.filter(concern=concern)
        .exclude(public_note="")
        .only("kind", "to_status", "public_note", "created_at")
        .order_by("created_at", "id")
    )


def _answered_since(concern: Concern):
    return concern.closed_at or concern.answered_at


@never_cache
@require_http_methods(["GET", "POST"])
@public_page
def track(request, code: str):
    normalised = normalise_tracking_code(code)
    concern = (
        Concern.objects.select_related("category", "area", "authority", "merged_into")
        .filter(tracking_code=normalised)
        .first()
    )
    if concern is None:
        return _render(
            request, "voice/public/track_unknown.html", {"form": TrackForm(initial={"code": code})}, status=404
        )
    if normalised != code:
        return redirect("voice_public:track", code=normalised)
    primary = concern
    while primary.merged_into_id:
        primary = Concern.objects.select_related("category", "area", "authority", "merged_into").get(
            pk=primary.merged_into_id
        )
    rate_form = RateForm()
    reopen_form = ReopenForm()
    status = 200
    if request.method == "POST":
        if primary.pk != concern.pk:
            return redirect("voice_public:track", code=primary.tracking_code)
        retry_after = throttle.hit(request, "citizen")
        if retry_after:
            return _too_many(request, retry_after)
        action = request.POST.get("action")
        try:
            if action == "rate":
                rate_form = RateForm(request.POST)
                if rate_form.is_valid():
                    concern_rate(
                        concern=concern,
                        satisfied=rate_form.cleaned_data["satisfied"],
                        reason=rate_form.cleaned_data["reason"],
                    )
                    return redirect(reverse("voice_public:track", args=[concern.tracking_code]) + "?done=rated")
            elif action == "reopen":
                reopen_form = ReopenForm(request.POST)
                if reopen_form.is_valid():
                    concern_reopen(concern=concern, reason=reopen_form.cleaned_data["reason"])
                    return redirect(reverse("voice_public:track", args=[concern.tracking_code]) + "?done=reopened")
        except ValidationError as error:
            _errors_onto(rate_form if action == "rate" else reopen_form, error)
        status = 400
    answered = primary.status in ANSWERED_STATUSES and not primary.merged_into_id
    since = _answered_since(primary)
    context = {
        "concern": concern,
        "primary": primary,
        "merged": primary.pk != concern.pk,
        "area_names": _area_names(primary.area),
        "updates": _public_updates(primary),
        "own_updates": _public_updates(concern) if primary.pk != concern.pk else [],
        "photos": _photos(primary),
        # A refused attempt shows its form with the reason, even when the time for it has passed.
        "can_rate": (answered and primary.rated_at is None) or bool(rate_form.errors),
        "can_reopen": (answered and since is not None and timezone.now() - since <= REOPEN_WINDOW)
        or bool(reopen_form.errors),
        "reopen_until": since + REOPEN_WINDOW if since else None,
        "rate_form": rate_form,
        "reopen_form": reopen_form,
        "new": request.GET.get("new") == "1",
        "done": request.GET.get("done", ""),
        "show_description": not primary.confidential,
    }
    return _render(request, "voice/public/track.html", context, status=status)


def _area_names(area: Area) -> list[str]:
    """The village, commune, district and province names, smallest first."""
    codes = [area.code, *reversed(area.ancestor_codes())]
    found = {a.code: a for a in Area.objects.filter(code__in=codes).only("code", "name_km", "name_en")}
    return [localized(found[code]) for code in codes if code in found]


def _photos(concern: Concern) -> list[Attachment]:
    """Pictures are published with a non-confidential concern (re-encoded, no metadata); PDFs are not."""
    if concern.confidential:
        return []
    return list(Attachment.objects.filter(concern=concern, content_type="image/jpeg").order_by("id"))


@require_GET
def photo(request, code: str, pk: int):
    concern = get_object_or_404(Concern, tracking_code=normalise_tracking_code(code), confidential=False)
    attachment = get_object_or_404(Attachment, pk=pk, concern=concern, content_type="image/jpeg")
    try:
        handle = attachment.file.open("rb")
    except OSError as error:
        raise Http404 from error
    response = FileResponse(handle, content_type="image/jpeg")
    response["Cache-Control"] = "public, max-age=86400"
    return response


# ------------------------------------------------------------------------------------ statistics


def province_statistics(year: int | None) -> tuple[list[dict], statistics.Summary]:
    """Each province's public figures for a year (every year when None), and the nation's."""
    provinces = list(Area.objects.filter(level=Level.PROVINCE).order_by("code").only("code", "name_km", "name_en"))
    tallies = statistics.by_area(
        statistics.read_tallies(
            [province.code for province in provinces],
            [year] if year else None,
            prefixes=("status:", "resolved_on_time:", "resolve_days:", "satisfied:"),
        )
    )
    nation: Counter = Counter()
    rows = []
    for province in provinces:
        dimensions = tallies.get(province.code, Counter())
        nation.update(dimensions)
        rows.append({"code": province.code, "name": localized(province), "summary": statistics.summarise(dimensions)})
    return rows, statistics.summarise(nation)


@require_GET
@public_page
def open_statistics(request):
    years = statistics.tally_years()
    try:
        year = int(request.GET.get("year", "")) if request.GET.get("year") else None
    except ValueError:
        year = None
    if year is not None and year not in years:
        year = None
    rows, nation = province_statistics(year)
    top = max((row["summary"].received for row in rows), default=0)
    for row in rows:
        summary = row["summary"]
        row["width"] = round(100 * summary.received / top) if top else 0
        row["inner"] = round(100 * summary.answered / summary.received) if summary.received else 0
    tiles = [
        {
            "code": row["code"],
            "name": row["name"],
            "value": row["summary"].received,
            "shade": 0 if not top or not row["summary"].received else 1 + round(4 * row["summary"].received / top),
            "column": PROVINCE_TILES.get(row["code"], (0, 5))[0] + 1,
            "row": PROVINCE_TILES.get(row["code"], (0, 5))[1] + 1,
        }
        for row in rows
    ]
    response = _render(
        request,
        "voice/public/statistics.html",
        {"rows": rows, "nation": nation, "years": years, "year": year, "tiles": tiles},
    )
    response["Cache-Control"] = "public, max-age=300"
    patch_vary_headers(response, ["Cookie"])  # the language comes from the cookie
    return response
