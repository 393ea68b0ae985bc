"""GET /api/v1/xapi/statements: the learning records in the caller's scope, as an xAPI
StatementResult ({"statements": [...], "more": "..."}), for a learning record store to import."""

import datetime
import uuid
from typing import Any

from django.core import signing
from django.db.models import Q
from django.http import HttpRequest, HttpResponse
from django.utils import timezone
from django.utils.http import urlencode
from django.utils.translation import gettext as _
from ninja import Field, Query, Router, Schema
from ninja.errors import HttpError

from .models import XAPI_VERSION, Statement

router = Router(tags=["xapi"])
CURSOR_SALT = "frontline.xapi.more"
EARLIEST, LATEST = 1990, 2200  # bounds that any date a person means falls within


class XapiAccount(Schema):
    homePage: str
    name: str


class XapiActor(Schema):
    objectType: str
    account: XapiAccount


class XapiVerb(Schema):
    id: str
    display: dict[str, str]


class XapiDefinition(Schema):
    type: str
    name: dict[str, str]


class XapiObject(Schema):
    objectType: str
    id: str
    definition: XapiDefinition | None = None


class XapiScore(Schema):
    scaled: float
    raw: float
    min: float
    max: float


class XapiResult(Schema):
    score: XapiScore | None = None
    success: bool | None = None
    completion: bool | None = None


class XapiContext(Schema):
    registration: str | None = None
    platform: str | None = None
    language: str | None = None
    contextActivities: dict[str, list[dict[str, str]]] | None = None
    extensions: dict[str, Any] | None = None


class XapiStatement(Schema):
    id: str
    actor: XapiActor
    verb: XapiVerb
    object: XapiObject
    result: XapiResult | None = None
    context: XapiContext | None = None
    timestamp: str
    stored: str
    version: str


class StatementResult(Schema):
    statements: list[XapiStatement]
    more: str


class StatementFilters(Schema):
    since: datetime.datetime | None = Field(None, description="Only statements stored after this moment")
    until: datetime.datetime | None = Field(None, description="Only statements stored at or before this moment")
    limit: int = Field(100, ge=1, le=500)
    ascending: bool = False
    cursor: str | None = Field(None, max_length=300, description="From the previous page's `more`")


def _moment(value: datetime.datetime | None, name: str) -> datetime.datetime | None:
    if value is None:
        return None
    if not EARLIEST <= value.year <= LATEST:
        raise HttpError(400, _("%(name)s must be a date between 1990 and 2200.") % {"name": name})
    return timezone.make_aware(value) if timezone.is_naive(value) else value


def _after_cursor(statements, cursor: str, ascending: bool):
    """Keyset paging on (stored, id): the next page starts after the last statement sent."""
    try:
        stored_text, statement_id = signing.loads(cursor, salt=CURSOR_SALT)
        stored, statement_id = datetime.datetime.fromisoformat(stored_text), uuid.UUID(statement_id)
    except (signing.BadSignature, ValueError, TypeError, AttributeError) as error:
        raise HttpError(400, _("The cursor is not valid.")) from error
    if ascending:
        return statements.filter(Q(stored__gt=stored) | Q(stored=stored, id__gt=statement_id))
    return statements.filter(Q(stored__lt=stored) | Q(stored=stored, id__lt=statement_id))


@router.get(
    "/statements",
    response=StatementResult,
    exclude_none=True,
    summary="xAPI statements in scope (StatementResult), newest first unless ascending",
)
def list_statements(request: HttpRequest, response: HttpResponse, filters: Query[StatementFilters]):
    since, until = _moment(filters.since, "since"), _moment(filters.until, "until")
    statements = Statement.objects.visible_to(request.auth).exported()
    if since is not None:
        statements = statements.filter(stored__gt=since)
    if until is not None:
        statements = statements.filter(stored__lte=until)
    if filters.cursor:
        statements = _after_cursor(statements, filters.cursor, filters.ascending)
    order = ("stored", "id") if filters.ascending else ("-stored", "-id")
    page = list(statements.order_by(*order)[: filters.limit + 1])
    more = ""
    if len(page) > filters.limit:
        page = page[: filters.limit]
        last = page[-1]
        params = {
            key: value
            for key, value in request.GET.items()
            if key in ("since", "until", "limit", "ascending") and value
        }
        params["cursor"] = signing.dumps([last.stored.isoformat(), str(last.id)], salt=CURSOR_SALT)
        more = request.path + "?" + urlencode(params)
    response["X-Experience-API-Version"] = XAPI_VERSION
    return {"statements": [statement.as_xapi() for statement in page], "more": more}
