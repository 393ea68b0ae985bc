"""The HTTP API (/api/v1/): one NinjaAPI with each app's router, bearer-token or session auth,
and JSON errors in the caller's language. Never a 500 for bad input."""

from django.core.exceptions import ValidationError as DjangoValidationError
from django.http import Http404
from django.utils.translation import gettext as _
from ninja import NinjaAPI, Schema
from ninja.errors import AuthenticationError, HttpError
from ninja.errors import ValidationError as NinjaValidationError

from frontline.accounts.authentication import BearerToken, Session


class ErrorOut(Schema):
    detail: str
    errors: dict[str, list[str]] | None = None


_PYDANTIC_MESSAGES = {
    "missing": lambda: _("This field is required."),
    "int_parsing": lambda: _("Enter a whole number."),
    "int_type": lambda: _("Enter a whole number."),
    "greater_than_equal": lambda: _("The value is too small."),
    "less_than_equal": lambda: _("The value is too large."),
    "string_too_long": lambda: _("The text is too long."),
    "string_too_short": lambda: _("The text is too short."),
    "date_from_datetime_parsing": lambda: _("Enter a date as YYYY-MM-DD."),
    "date_parsing": lambda: _("Enter a date as YYYY-MM-DD."),
    "date_type": lambda: _("Enter a date as YYYY-MM-DD."),
    "enum": lambda: _("Choose one of the allowed values."),
    "literal_error": lambda: _("Choose one of the allowed values."),
    "string_type": lambda: _("Enter text."),
    "json_invalid": lambda: _("The request body is not valid JSON."),
    "model_attributes_type": lambda: _("The request body must be a JSON object."),
    "dict_type": lambda: _("The request body must be a JSON object."),
    "string_pattern_mismatch": lambda: _("The value has the wrong format."),
}


def _field_name(location: tuple) -> str:
    parts = [str(part) for part in location if part not in ("query", "path", "body", "payload")]
    return ".".join(parts) or "__all__"


def field_errors_of_pydantic(errors: list[dict]) -> dict[str, list[str]]:
    result: dict[str, list[str]] = {}
    for error in errors:
        message = _PYDANTIC_MESSAGES.get(error.get("type", ""), lambda: _("The value is not valid."))()
        result.setdefault(_field_name(tuple(error.get("loc", ()))), []).append(message)
    return result


api = NinjaAPI(
    title="Frontline API",
    version="1",
    urls_namespace="api",
    docs_url=None,  # the interactive docs load assets from a CDN; the schema is enough
    openapi_url="/openapi.json",
    auth=[BearerToken(), Session()],
)


@api.exception_handler(NinjaValidationError)
def _validation_error(request, exc: NinjaValidationError):
    return api.create_response(
        request,
        {"detail": _("The request has errors."), "errors": field_errors_of_pydantic(exc.errors)},
        status=400,
    )


@api.exception_handler(DjangoValidationError)
def _django_validation_error(request, exc: DjangoValidationError):
    errors = exc.message_dict if hasattr(exc, "error_dict") else {"__all__": exc.messages}
    return api.create_response(request, {"detail": _("The request has errors."), "errors": errors}, status=400)


@api.exception_handler(Http404)
def _not_found(request, exc):
    return api.create_response(request, {"detail": _("Not found.")}, status=404)


@api.exception_handler(AuthenticationError)
def _unauthenticated(request, exc):
    return api.create_response(request, {"detail": _("Authentication required.")}, status=401)


@api.exception_handler(HttpError)
def _http_error(request, exc: HttpError):
    return api.create_response(request, {"detail": str(exc.message)}, status=exc.status_code)


def _register_routers() -> None:
    from frontline.accounts.api import router as auth_router
    from frontline.geography.api import router as areas_router
    from frontline.knowledge.api import router as practices_router
    from frontline.learning.api import certificates_router, events_router, programmes_router
    from frontline.organisations.api import router as organisations_router
    from frontline.people.api import router as officials_router
    from frontline.xapi.api import router as xapi_router

    api.add_router("/auth", auth_router)
    api.add_router("/areas", areas_router)
    api.add_router("/organisations", organisations_router)
    api.add_router("/officials", officials_router)
    api.add_router("/events", events_router)
    api.add_router("/certificates", certificates_router)
    api.add_router("/programmes", programmes_router)
    api.add_router("/practices", practices_router)
    api.add_router("/xapi", xapi_router)


_register_routers()
