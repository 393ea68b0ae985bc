"""Property-based fuzzing of /api/v1/ from its own OpenAPI schema (schemathesis, in-process WSGI).

The API promises "never a 500 for bad input": every generated request, valid or not, must get a
non-5xx answer, and documented responses must match their schema and content type. The schema is
built by django-ninja directly, so collecting this module touches no database.
"""

import datetime
import json

import pytest
import schemathesis
from django.core.handlers.wsgi import WSGIHandler
from django.core.signals import request_finished, request_started
from django.db import close_old_connections
from hypothesis import HealthCheck, settings
from schemathesis.checks import not_a_server_error
from schemathesis.specs.openapi.checks import (
    content_type_conformance,
    response_schema_conformance,
    status_code_conformance,
)

from frontline.accounts.models import ApiToken, RoleAssignment, User
from frontline.accounts.roles import Role
from frontline.core.api import api

MAX_EXAMPLES = 25

schema = schemathesis.openapi.from_dict(api.get_openapi_schema(path_prefix="/api/v1/"))
schema.app = WSGIHandler()

# Only 200/201 are documented, while 400/401/403/404/429 are the API's deliberate JSON answers,
# so status-code conformance is not checked; everything documented is.
CHECKS = [not_a_server_error, response_schema_conformance, content_type_conformance]


@pytest.fixture(autouse=True)
def _keep_the_test_connection():
    """Keep the test's database connection open across in-process requests.

    Django closes "old" connections when a request starts and finishes; inside a test's
    transaction that closes PostgreSQL's connection mid-test. Django's own test client
    disconnects the same handler; schemathesis calls the WSGI handler directly.
    """
    request_started.disconnect(close_old_connections)
    request_finished.disconnect(close_old_connections)
    yield
    request_started.connect(close_old_connections)
    request_finished.connect(close_old_connections)


@pytest.fixture
def bearer(db, officials):
    """Headers of a national administrator's API token, over the conftest tree and officials."""
    user = User.objects.create_user(username="fuzzer", password="pass-word-123")
    RoleAssignment.objects.create(user=user, role=Role.NATIONAL_ADMIN)
    _token, raw = ApiToken.issue(user, lifetime=datetime.timedelta(hours=1))
    return {"Authorization": f"Bearer {raw}"}


@schema.parametrize()
@settings(
    max_examples=MAX_EXAMPLES,
    deadline=None,
    database=None,
    derandomize=True,
    suppress_health_check=list(HealthCheck),
)
def test_api_never_fails_with_a_server_error(case, bearer):
    # the in-process WSGI client does not undo GZipMiddleware, so ask for the body as is
    headers = {**bearer, "Accept-Encoding": "identity"}
    if case.headers and "Authorization" in case.headers:
        # the generated header would hide the token; authentication itself is checked elsewhere
        case.headers.pop("Authorization")
    case.call_and_validate(headers=headers, checks=CHECKS)


@pytest.mark.parametrize(
    ("path", "parameter", "value_of"),
    [
        ("/api/v1/officials/{official_id}", "official_id", lambda officials, orgs: officials["in_district"].pk),
        ("/api/v1/organisations/{organisation_id}", "organisation_id", lambda officials, orgs: orgs["dosvy-11"].pk),
        ("/api/v1/areas/{code}", "code", lambda officials, orgs: "1101"),
    ],
)
def test_detail_responses_match_the_schema(bearer, officials, orgs, path, parameter, value_of):
    """Random ids almost never exist, so the documented 200 bodies of detail endpoints are checked here."""
    case = schema[path]["GET"].Case(path_parameters={parameter: value_of(officials, orgs)})
    response = case.call_and_validate(
        headers={**bearer, "Accept-Encoding": "identity"}, checks=[*CHECKS, status_code_conformance]
    )
    assert response.status_code == 200


def test_malformed_json_is_a_400_with_detail(client, bearer):
    response = client.post(
        "/api/v1/officials",
        data=b'{"family_name_km": "\xe1\x9e\x9f\xe1\x9e\xbb\xe1\x9e\x81", "sex": ',
        content_type="application/json",
        HTTP_AUTHORIZATION=bearer["Authorization"],
    )
    assert response.status_code == 400, response.content
    assert response["Content-Type"].startswith("application/json")
    body = json.loads(response.content)
    assert isinstance(body.get("detail"), str)
    assert body["detail"]


# Generated examples never contain NUL, which PostgreSQL refuses in text: fixed cases here.
NUL_REQUESTS = [
    ("get", "/api/v1/areas/%00", None),
    ("get", "/api/v1/areas?q=ab%00", None),
    ("get", "/api/v1/officials?q=%00", None),
    ("get", "/api/v1/organisations?q=x%00y", None),
    ("post", "/api/v1/auth/token", '{"username": "national\\u0000", "password": "pass-word-123"}'),
    ("post", "/api/v1/officials", '{"family_name_km": "\\u0000", "sex": "F"}'),
    ("post", "/api/v1/officials", b'{"family_name_km": "\x00"}'),
]


@pytest.mark.parametrize(("method", "path", "body"), NUL_REQUESTS)
def test_nul_anywhere_in_an_api_request_is_a_json_400(client, bearer, method, path, body):
    kwargs = {"HTTP_AUTHORIZATION": bearer["Authorization"], "HTTP_ACCEPT_LANGUAGE": "en"}
    if body is not None:
        kwargs.update(data=body, content_type="application/json")
    response = getattr(client, method)(path, **kwargs)
    assert response.status_code == 400, response.content
    assert "NUL" in response.json()["detail"]


def test_an_escaped_backslash_before_u0000_is_not_a_nul(client, bearer):
    body = json.dumps({"username": "a\\u0000", "password": "x"})  # the text backslash-u-0000
    response = client.post("/api/v1/auth/token", body, content_type="application/json")
    assert response.status_code == 401


def test_area_codes_have_a_pattern(client, bearer):
    response = client.get("/api/v1/areas/abc", HTTP_AUTHORIZATION=bearer["Authorization"], HTTP_ACCEPT_LANGUAGE="en")
    assert response.status_code == 400
    assert response.json()["errors"] == {"code": ["The value has the wrong format."]}
