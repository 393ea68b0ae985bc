"""Open311 GeoReport v2 at /open311/v2/ (http://wiki.open311.org/GeoReport_v2): services are the
concern categories, service requests are concerns, service_request_id is the tracking code.

Every endpoint answers JSON or XML by its extension (discovery.json, requests.xml, ...). Errors
follow the spec: [{"code": 400, "description": "..."}] or <errors><error>...</error></errors>,
with the HTTP status in `code`, in the caller's language (Accept-Language; Khmer by default).

POST requests.{format} needs an api_key (`manage.py open311_key NAME`). The location is one of
  - address_id: our extension, the NCDD code of the commune (6 digits) or village (8 digits);
  - address_string: a commune or village code or name ("Pu Lung, Srae Khtum, Mondul Kiri");
  - lat/long: kept with the request, but a position alone cannot be placed in a commune
    (there is no boundary set), so it must come with address_id or address_string.
Contact: first_name, last_name (family name), phone, email; none of them means anonymous.
What the public form also asks is declared in each service definition (services/{code}) as
attributes, sent the GeoReport way as attribute[code]=key:
  - attribute[confidential]=true: only the handling unit may see who raised it (default false);
  - attribute[reporter_group]=citizen|youth|provider: who raises it (default citizen).
An unknown attribute or a key the definition does not list is refused (400), all at once.
media_url is not fetched (the server never downloads what a client points at).
Answer: [{"token": ..., "service_request_id": ...}] (201).

GET requests show no personal data: a confidential request also shows no description, place,
position, photo or answer (the citizen reads the answers on /track/{code}).
"""

import datetime
import hashlib
import re
import secrets
import xml.etree.ElementTree as ET  # noqa: S405 - we only write XML here, never parse it
from decimal import Decimal, InvalidOperation

from django.core.cache import cache
from django.core.exceptions import ValidationError
from django.db.models import Q
from django.http import HttpResponse, JsonResponse
from django.urls import reverse
from django.utils import timezone
from django.utils.dateparse import parse_date, parse_datetime
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.csrf import csrf_exempt

from frontline.core.formatting import localized
from frontline.core.text import latin_digits
from frontline.geography.fields import area_of_code, find_area
from frontline.geography.models import Area

from . import throttle
from .forms_public import PLACE_LEVELS
from .models import ANSWERED_STATUSES, ApiKey, Attachment, Category, Channel, Concern, ConcernUpdate, ReporterGroup
from .services import concern_create, normalise_tracking_code

SPECIFICATION = "http://wiki.open311.org/GeoReport_v2"
CHANGESET = "2026-11-24T00:00:00+07:00"
MAX_RESULTS = 1000
DEFAULT_RANGE = datetime.timedelta(days=90)
# Plural element -> the name of each item in XML.
XML_ITEMS = {"endpoints": "endpoint", "formats": "format", "attributes": "attribute", "values": "value"}
CONTENT_TYPES = {"json": "application/json; charset=utf-8", "xml": "text/xml; charset=utf-8"}


# ------------------------------------------------------------------------------------ answering


def _xml_value(parent: ET.Element, name: str, value) -> None:
    element = ET.SubElement(parent, name)
    if isinstance(value, dict):
        for key, inner in value.items():
            _xml_value(element, key, inner)
    elif isinstance(value, list):
        for inner in value:
            _xml_value(element, XML_ITEMS.get(name, "item"), inner)
    elif value is None:
        pass
    elif isinstance(value, bool):
        element.text = "true" if value else "false"
    else:
        element.text = _XML_FORBIDDEN.sub("\ufffd", str(value))


# Characters XML 1.0 cannot carry, even escaped (control characters a request may echo back in
# an error message): written as U+FFFD so the answer stays well-formed.
_XML_FORBIDDEN = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff\ufffe\uffff]")


def to_xml(root: str, item: str | None, data) -> bytes:
    """A list of dicts under <root><item>...</item></root>, or one dict as <root>...</root>."""
    element = ET.Element(root)
    if isinstance(data, list):
        for entry in data:
            _xml_value(element, item, entry)
    else:
        for key, value in data.items():
            _xml_value(element, key, value)
    return b'<?xml version="1.0" encoding="utf-8"?>\n' + ET.tostring(element, encoding="utf-8", xml_declaration=False)


def answer(data, fmt: str, *, root: str, item: str | None = None, status: int = 200) -> HttpResponse:
    if fmt == "xml":
        return HttpResponse(to_xml(root, item, data), content_type=CONTENT_TYPES["xml"], status=status)
    return JsonResponse(data, safe=False, status=status, json_dumps_params={"ensure_ascii": False})


def error(fmt: str, status: int, *descriptions: str, retry_after: int | None = None) -> HttpResponse:
    response = answer(
        [{"code": status, "description": str(text)} for text in descriptions],
        fmt if fmt in CONTENT_TYPES else "json",
        root="errors",
        item="error",
        status=status,
    )
    if retry_after:
        response["Retry-After"] = str(retry_after)
    return response


def iso(moment: datetime.datetime | None) -> str | None:
    return timezone.localtime(moment).isoformat(timespec="seconds") if moment else None


# -------------------------------------------------------------------------------------- services


def _service(category: Category) -> dict:
    return {
        "service_code": category.code,
        "service_name": localized(category),
        "description": localized(category, "description"),
        "metadata": True,  # every service has the attributes below
        "type": "realtime",
        "keywords": ", ".join(dict.fromkeys([category.code, category.name_en, category.name_km])),
        "group": _("Citizens' concerns and requests"),
    }


@never_cache
def discovery(request, fmt: str):
    if request.method != "GET":
        return error(fmt, 405, _("This method is not allowed here."))
    url = request.build_absolute_uri(reverse("open311:root"))
    return answer(
        {
            "changeset": CHANGESET,
            "contact": _(
                "The Frontline team of the Ministry of Interior; concerns are answered by the competent authority."
            ),
            "key_service": _(
                "API keys for sending requests are issued by the system administrators (manage.py open311_key NAME)."
            ),
            "endpoints": [
                {
                    "specification": SPECIFICATION,
                    "url": url,
                    "changeset": CHANGESET,
                    "type": "production",
                    "formats": ["text/xml", "application/json"],
                }
            ],
        },
        fmt,
        root="discovery",
    )


def services(request, fmt: str):
    if request.method != "GET":
        return error(fmt, 405, _("This method is not allowed here."))
    return answer(
        [_service(category) for category in Category.objects.filter(is_active=True)],
        fmt,
        root="services",
        item="service",
    )


# What the public form asks besides the description and the contact, as service definition
# attributes (see attributes()): the value each takes when a client sends none, and what the
# keys of `confidential` mean.
CONFIDENTIAL_KEYS = {"true": True, "false": False}
ATTRIBUTE_DEFAULTS = {"confidential": "false", "reporter_group": ReporterGroup.CITIZEN.value}
ATTRIBUTE_PARAMETER = re.compile(r"^attribute\[(?P<code>[^\[\]]*)\](?P<many>\[\])?$")


def attributes() -> list[dict]:
    """The attributes of every service, in the reader's language (GeoReport v2 service definition)."""
    return [
        {
            "variable": True,
            "code": "confidential",
            "datatype": "singlevaluelist",
            "required": False,
            "datatype_description": None,
            "order": 1,
            "description": _("Confidential: only the handling unit sees who raised it"),
            "values": [{"key": "false", "name": _("No")}, {"key": "true", "name": _("Yes")}],
        },
        {
            "variable": True,
            "code": "reporter_group",
            "datatype": "singlevaluelist",
            "required": False,
            "datatype_description": None,
            "order": 2,
            "description": _("Raised by"),
            "values": [{"key": value, "name": str(label)} for value, label in ReporterGroup.choices],
        },
    ]


def service_definition(request, code: str, fmt: str):
    if request.method != "GET":
        return error(fmt, 405, _("This method is not allowed here."))
    category = Category.objects.filter(code=code, is_active=True).first()
    if category is None:
        return error(fmt, 404, _("There is no service with the code %(code)s.") % {"code": code})
    return answer({"service_code": category.code, "attributes": attributes()}, fmt, root="service_definition")


def attribute_values(data, service: str) -> tuple[dict[str, str], list[str]]:
    """The attribute[code] values of a POST, each a key its definition lists, with the defaults
    for those not sent; and the refusals, one per attribute at fault."""
    allowed = {attribute["code"]: [value["key"] for value in attribute["values"]] for attribute in attributes()}
    chosen = dict(ATTRIBUTE_DEFAULTS)
    problems = []
    for name, values in data.lists():
        match = ATTRIBUTE_PARAMETER.match(name)
        if match is None:
            continue
        code = match["code"]
        if code not in allowed:
            problems.append(
                _("attribute[%(code)s] is not an attribute of the service %(service)s.")
                % {"code": code[:40], "service": service}
            )
            continue
        given = [value.strip() for value in values if value.strip()]
        if not given:
            continue  # sent empty: the default
        if match["many"] or len(given) > 1 or given[0] not in allowed[code]:
            problems.append(
                _("attribute[%(code)s] takes one of these keys: %(keys)s.")
                % {"code": code, "keys": ", ".join(allowed[code])}
            )
            continue
        chosen[code] = given[0]
    return chosen, problems


# -------------------------------------------------------------------------------------- requests


def _open311_status(concern: Concern) -> str:
    return "closed" if concern.merged_into_id or concern.status in ANSWERED_STATUSES else "open"


def represent(request, concerns: list[Concern]) -> list[dict]:
    """Concerns as Open311 service requests: no personal data, the public answers only."""
    ids = [concern.pk for concern in concerns]
    notes: dict[int, tuple] = {}
    for concern_id, note, created_at in (
        ConcernUpdate.objects.filter(concern_id__in=ids)
        .exclude(public_note="")
        .order_by("concern_id", "created_at", "id")
        .values_list("concern_id", "public_note", "created_at")
    ):
        notes[concern_id] = (note, created_at)  # the latest wins
    photos: dict[int, int] = {}
    for concern_id, attachment_id in (
        Attachment.objects.filter(concern_id__in=ids, content_type="image/jpeg", concern__confidential=False)
        .order_by("-id")
        .values_list("concern_id", "id")
    ):
        photos[concern_id] = attachment_id
    codes = {code for concern in concerns for code in (concern.area_code, *concern.area.ancestor_codes())}
    names = {
        area.code: localized(area) for area in Area.objects.filter(code__in=codes).only("code", "name_km", "name_en")
    }
    rows = []
    for concern in concerns:
        # A confidential request shows where (the area), not what, nor the place, position,
        # photos or answers that could tell who raised it.
        shown = not concern.confidential
        area_codes = [concern.area_code, *reversed(concern.area.ancestor_codes())]
        address = ", ".join(names[code] for code in area_codes if code in names)
        if concern.address_detail and shown:
            address = f"{concern.address_detail}, {address}"
        note, noted_at = notes.get(concern.pk, ("", None))
        photo = photos.get(concern.pk)
        rows.append(
            {
                "service_request_id": concern.tracking_code,
                "status": _open311_status(concern),
                "status_notes": note if shown else "",
                "service_name": localized(concern.category),
                "service_code": concern.category.code,
                "description": concern.description if shown else "",
                "agency_responsible": localized(concern.authority) if concern.authority_id else "",
                "service_notice": "",
                "requested_datetime": iso(concern.received_at),
                "updated_datetime": iso(max(filter(None, [concern.updated_at, noted_at]))),
                "expected_datetime": iso(concern.resolve_due),
                "address": address,
                "address_id": concern.area_code,
                "zipcode": "",
                "lat": float(concern.latitude) if shown and concern.latitude is not None else None,
                "long": float(concern.longitude) if shown and concern.longitude is not None else None,
                "media_url": request.build_absolute_uri(
                    reverse("voice_public:photo", args=[concern.tracking_code, photo])
                )
                if photo
                else "",
            }
        )
    return rows


def _concerns():
    return Concern.objects.select_related("category", "area", "authority")


def _moment(text: str, *, end: bool = False) -> datetime.datetime | None:
    """A W3C datetime (2010-01-01T00:00:00Z) or a date; raises ValueError when unreadable."""
    text = text.strip().replace(" ", "+")  # a "+07:00" offset arrives as " 07:00" when not encoded
    moment = parse_datetime(text)
    if moment is None:
        day = parse_date(text)
        if day is None:
            raise ValueError(text)
        moment = datetime.datetime.combine(day, datetime.time.max if end else datetime.time.min)
    if timezone.is_naive(moment):
        moment = timezone.make_aware(moment)
    return moment


def _list_requests(request, fmt: str):
    params = request.GET
    concerns = _concerns()
    if params.get("service_request_id"):
        codes = [normalise_tracking_code(code) for code in params["service_request_id"].split(",") if code.strip()]
        found = list(concerns.filter(tracking_code__in=codes[:MAX_RESULTS]))
        return answer(represent(request, found), fmt, root="service_requests", item="request")
    try:
        start = _moment(params["start_date"]) if params.get("start_date") else None
        end = _moment(params["end_date"], end=True) if params.get("end_date") else None
    except ValueError:
        return error(fmt, 400, _("Dates are written like 2026-01-31T00:00:00Z."))
    if start and end and end - start > DEFAULT_RANGE:
        return error(fmt, 400, _("The date range may not span more than 90 days."))
    if start and end and end < start:
        return error(fmt, 400, _("The end date is before the start date."))
    if start is None and end is None:
        end = timezone.now()
    start = start or end - DEFAULT_RANGE
    end = end or start + DEFAULT_RANGE
    concerns = concerns.filter(received_at__gte=start, received_at__lte=end)
    if params.get("service_code"):
        concerns = concerns.filter(category__code__in=[code.strip() for code in params["service_code"].split(",")])
    if params.get("status"):
        wanted = {value.strip().lower() for value in params["status"].split(",") if value.strip()}
        if not wanted <= {"open", "closed"}:
            return error(fmt, 400, _("The status is open or closed."))
        closed = Q(status__in=ANSWERED_STATUSES) | Q(merged_into__isnull=False)
        if wanted == {"open"}:
            concerns = concerns.exclude(closed)
        elif wanted == {"closed"}:
            concerns = concerns.filter(closed)
    found = list(concerns.order_by("-received_at", "-id")[:MAX_RESULTS])
    return answer(represent(request, found), fmt, root="service_requests", item="request")


# Rows every POST needs are kept a short while in Django's cache (a query each saved on the
# intake path): a revoked key or a deactivated category takes effect within CACHE_SECONDS.
CACHE_SECONDS = 60


def _cached(key: str, load, seconds: int = CACHE_SECONDS):
    """cache.get or load(); a None answer is not kept (unknown keys cannot fill the cache)."""
    value = cache.get(key)
    if value is None:
        value = load()
        if value is not None:
            cache.set(key, value, seconds)
    return value


def key_for(raw: str) -> ApiKey | None:
    if not raw:
        return None
    digest = hashlib.sha256(raw.encode()).hexdigest()
    cache_key = f"voice:open311:key:{digest}"
    key = _cached(cache_key, lambda: ApiKey.objects.filter(key_hash=digest, revoked_at__isnull=True).first())
    if key is not None and (
        key.last_used_at is None or timezone.now() - key.last_used_at > datetime.timedelta(minutes=1)
    ):
        # Still valid? (a revocation is seen here at the latest), then note the use.
        if not ApiKey.objects.filter(pk=key.pk, revoked_at__isnull=True).update(last_used_at=timezone.now()):
            cache.delete(cache_key)
            return None
        key.last_used_at = timezone.now()
        cache.set(cache_key, key, CACHE_SECONDS)
    return key


def issue_key(name: str) -> tuple[ApiKey, str]:
    """A new API key: the raw key is returned once, only its hash is kept."""
    raw = secrets.token_urlsafe(32)
    key = ApiKey.objects.create(name=name[:100], prefix=raw[:8], key_hash=hashlib.sha256(raw.encode()).hexdigest())
    return key, raw


def _decimal(text: str, low: int, high: int) -> Decimal:
    value = Decimal(text.strip())
    if not value.is_finite() or not low <= value <= high:
        raise InvalidOperation
    return value.quantize(Decimal("0.000001"))


def _location(data) -> tuple[Area | None, Decimal | None, Decimal | None, str | None]:
    """(area, lat, long, error message)."""
    latitude = longitude = None
    if data.get("lat") or data.get("long"):
        try:
            latitude = _decimal(data.get("lat", ""), -90, 90)
            longitude = _decimal(data.get("long", ""), -180, 180)
        except (InvalidOperation, ValueError):
            return (
                None,
                None,
                None,
                _("lat and long are decimal degrees (lat between -90 and 90, long between -180 and 180)."),
            )
    if data.get("address_id"):
        code = data["address_id"].strip()[:8]
        area = _cached(
            f"voice:open311:area:{code}",
            lambda: area_of_code(code, PLACE_LEVELS),
            seconds=600,
        )
        if area is None:
            return None, None, None, _("address_id is the code of a commune (6 digits) or a village (8 digits).")
        return area, latitude, longitude, None
    if data.get("address_string"):
        area = _area_from_address(data["address_string"])
        if area is None:
            return None, None, None, _("The address_string names no commune or village we know; send address_id.")
        return area, latitude, longitude, None
    if latitude is not None:
        return None, None, None, _("A position alone cannot be placed in a commune; add address_id or address_string.")
    return None, None, None, _("Say where: address_id, address_string, or lat and long with one of them.")


def _area_from_address(text: str) -> Area | None:
    """A code anywhere in the text, or the first part naming a commune or village, narrowed by
    the other parts (district, province) when the name is not unique."""
    for token in text.replace(",", " ").split():
        digits = latin_digits(token)
        if digits.isdigit() and len(digits) in (6, 8):
            area = find_area(digits, PLACE_LEVELS)
            if area is not None:
                return area
    parts = [part.strip() for part in text.split(",") if part.strip()]
    for index, part in enumerate(parts):
        candidates = list(
            Area.objects.filter(level__in=PLACE_LEVELS).filter(Q(name_en__iexact=part) | Q(name_km=part))[:50]
        )
        if len(candidates) == 1:
            return candidates[0]
        if candidates:
            rest = {other.lower() for other in parts[index + 1 :]}
            ancestors = {
                area.code: {area.name_en.lower(), area.name_km}
                for area in Area.objects.filter(code__in={c for a in candidates for c in a.ancestor_codes()})
            }
            narrowed = [
                area
                for area in candidates
                if rest
                and all(any(other in ancestors.get(code, set()) for code in area.ancestor_codes()) for other in rest)
            ]
            if len(narrowed) == 1:
                return narrowed[0]
    return None


def _create_request(request, fmt: str):
    data = request.POST
    key = key_for(data.get("api_key") or request.GET.get("api_key", ""))
    if key is None:
        return error(fmt, 403, _("A valid api_key is required to send a request."))
    retry_after = throttle.hit(request, "open311")
    if retry_after:
        return error(
            fmt,
            429,
            _("Too many requests from your connection. Please try again in %(seconds)s seconds.")
            % {"seconds": retry_after},
            retry_after=retry_after,
        )
    code = (data.get("service_code") or "").strip()
    if not code:
        return error(fmt, 400, _("service_code is required."))
    category = _cached(
        f"voice:open311:category:{code}", lambda: Category.objects.filter(code=code, is_active=True).first()
    )
    if category is None:
        return error(fmt, 400, _("There is no service with the code %(code)s.") % {"code": code})
    chosen, problems = attribute_values(data, code)
    if problems:
        return error(fmt, 400, *problems)
    area, latitude, longitude, problem = _location(data)
    if problem:
        return error(fmt, 400, problem)
    name = " ".join(part for part in (data.get("last_name", "").strip(), data.get("first_name", "").strip()) if part)
    phone, email = data.get("phone", "").strip(), data.get("email", "").strip()
    anonymous = not (name or phone or email)
    try:
        with throttle.intake_gate.admitted():
            concern = concern_create(
                channel=Channel.API,
                category=category,
                area=area,
                description=data.get("description", ""),
                address_detail=data.get("address_string", "") if data.get("address_id") else "",
                latitude=latitude,
                longitude=longitude,
                reporter_name=name,
                reporter_phone=phone[:30],
                reporter_email=email,
                reporter_group=chosen["reporter_group"],
                anonymous=anonymous,
                confidential=CONFIDENTIAL_KEYS[chosen["confidential"]],
            )
    except throttle.Overloaded:
        seconds = throttle.retry_after_overloaded()
        return error(
            fmt, 503, _("The service is busy; nothing was saved. Send the request again later."), retry_after=seconds
        )
    except ValidationError as refused:
        return error(
            fmt,
            400,
            *[f"{field}: {message}" for field, messages in refused.message_dict.items() for message in messages],
        )
    return answer(
        [
            {
                "service_request_id": concern.tracking_code,
                "token": str(concern.token),
                "service_notice": "",
                "account_id": "",
            }
        ],
        fmt,
        root="service_requests",
        item="request",
        status=201,
    )


@csrf_exempt  # key-authenticated: no session, no cookie, nothing for a forged form to ride on
@never_cache
def requests_(request, fmt: str):
    if request.method == "GET":
        return _list_requests(request, fmt)
    if request.method == "POST":
        return _create_request(request, fmt)
    return error(fmt, 405, _("This method is not allowed here."))


@never_cache
def request_detail(request, request_id: str, fmt: str):
    if request.method != "GET":
        return error(fmt, 405, _("This method is not allowed here."))
    concern = _concerns().filter(tracking_code=normalise_tracking_code(request_id)).first()
    if concern is None:
        return error(fmt, 404, _("There is no request with the id %(id)s.") % {"id": request_id})
    return answer(represent(request, [concern]), fmt, root="service_requests", item="request")


@never_cache
def token(request, token: str, fmt: str):
    if request.method != "GET":
        return error(fmt, 405, _("This method is not allowed here."))
    try:
        concern = Concern.objects.filter(token=token).only("tracking_code", "token").first()
    except ValidationError:
        concern = None
    if concern is None:
        return error(fmt, 404, _("There is no request with this token."))
    return answer(
        [{"service_request_id": concern.tracking_code, "token": str(concern.token)}],
        fmt,
        root="service_requests",
        item="request",
    )


def root(request):
    return error("json", 404, _("See discovery.json or discovery.xml."))


def not_found(request, rest: str = ""):
    fmt = "xml" if rest.endswith(".xml") else "json"
    return error(fmt, 404, _("Not found."))
