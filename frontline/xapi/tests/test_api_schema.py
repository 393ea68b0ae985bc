"""The documented bodies of the new endpoints, with records in them, match the OpenAPI schema
(the fuzzing in frontline/tests/test_api_fuzz.py mostly meets empty lists and unknown ids)."""

import pytest
from schemathesis.specs.openapi.checks import status_code_conformance

from frontline.knowledge.tests import conftest as knowledge_fixtures
from frontline.tests import test_api_fuzz as fuzz
from frontline.xapi.tests import test_statements

# Fixtures of the fuzzing module (token, connection kept) and of the statements and library tests.
bearer, _keep_the_test_connection = fuzz.bearer, fuzz._keep_the_test_connection
held, statements = test_statements.held, test_statements.statements
library, _uploads_in_a_temporary_directory = (
    knowledge_fixtures.library,
    knowledge_fixtures._uploads_in_a_temporary_directory,
)

pytestmark = pytest.mark.django_db


def _call(path: str, bearer_headers, **parameters):
    operation = fuzz.schema[path]["GET"]
    case = operation.Case(**parameters)
    response = case.call_and_validate(
        headers={**bearer_headers, "Accept-Encoding": "identity"}, checks=[*fuzz.CHECKS, status_code_conformance]
    )
    assert response.status_code == 200
    return response.json()


def test_statements_match_the_schema(bearer, statements):
    body = _call("/api/v1/xapi/statements", bearer, query={"limit": 2})
    assert len(body["statements"]) == 2 and body["more"]


def test_practices_match_the_schema(bearer, library):
    listed = _call("/api/v1/practices", bearer, query={"q": "ច្រកចេញចូល"})
    assert listed["count"] == 1
    practice = library["mk_pub"]
    detail = _call("/api/v1/practices/{practice_id}", bearer, path_parameters={"practice_id": practice.pk})
    assert detail["competencies"] == ["sp-frameworks"] and detail["body_en"].startswith("The one window")
