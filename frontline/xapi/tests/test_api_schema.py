"""The documented bodies of the new endpoints, with records in them, match the OpenAPI schema
(the fuzzing in frontline/tests/test_api_fuzz.py mostly meets empty lists and unknown ids)."""

import pytest
from schemathesis.specs.openapi.checks import status_code_conformance

from frontline.knowledge.tests.conftest import library  # noqa: F401 - fixture
from frontline.tests.test_api_fuzz import CHECKS, _keep_the_test_connection, bearer, schema  # noqa: F401
from frontline.xapi.tests.test_statements import held, statements  # noqa: F401 - fixtures

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _uploads_in_a_temporary_directory(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"


def _call(path: str, bearer_headers, **parameters):
    operation = schema[path]["GET"]
    case = operation.Case(**parameters)
    response = case.call_and_validate(
        headers={**bearer_headers, "Accept-Encoding": "identity"}, checks=[*CHECKS, status_code_conformance]
    )
    assert response.status_code == 200
    return response.json()


def test_statements_match_the_schema(bearer, statements):
    body = _call("/api/v1/xapi/statements", bearer, query={"limit": 2})
    assert len(body["statements"]) == 2 and body["more"]


def test_practices_match_the_schema(bearer, library):  # noqa: F811
    listed = _call("/api/v1/practices", bearer, query={"q": "ច្រកចេញចូល"})
    assert listed["count"] == 1
    practice = library["mk_pub"]
    detail = _call("/api/v1/practices/{practice_id}", bearer, path_parameters={"practice_id": practice.pk})
    assert detail["competencies"] == ["sp-frameworks"] and detail["body_en"].startswith("The one window")
