"""Every role against records inside and outside its scope, for every model and endpoint.

The route inventory at the bottom fails when an endpoint or page that takes a record id
is added without being walked here: a new endpoint cannot forget scoping silently.
"""

import pytest
from django.urls import get_resolver

from frontline.accounts.roles import ROLE_PERMISSIONS, Perm, Role
from frontline.elearning.tests.test_permissions import ELEARNING_ROUTES
from frontline.knowledge.tests.test_permissions import KNOWLEDGE_ROUTES
from frontline.learning.tests.test_permissions import LEARNING_ROUTES
from frontline.organisations.models import Organisation
from frontline.people.models import Person, Post

ALL_OFFICIALS = {"in_mondulkiri", "in_district", "in_kandal", "in_ministry"}
VISIBLE_OFFICIALS = {
    Role.SYSTEM_ADMIN: ALL_OFFICIALS,
    Role.NATIONAL_ADMIN: ALL_OFFICIALS,
    Role.AUDITOR: ALL_OFFICIALS,
    Role.PROVINCIAL_OFFICER: {"in_mondulkiri", "in_district"},
    Role.DISTRICT_OFFICER: {"in_district"},
    Role.COMMUNE_OFFICER: set(),
    Role.TRAINING_COORDINATOR: {"in_mondulkiri", "in_kandal", "in_ministry"},
    Role.TRAINER: set(),
    Role.PARTNER: set(),
}
ALL_ORGS = {"mosvy", "dosvy-11", "dosvy-08", "admin-1101", "moi"}
VISIBLE_ORGS = {
    Role.SYSTEM_ADMIN: ALL_ORGS,
    Role.NATIONAL_ADMIN: ALL_ORGS,
    Role.AUDITOR: ALL_ORGS,
    Role.PROVINCIAL_OFFICER: {"dosvy-11", "admin-1101"},
    Role.DISTRICT_OFFICER: {"admin-1101"},
    Role.COMMUNE_OFFICER: set(),
    Role.TRAINING_COORDINATOR: {"mosvy", "dosvy-11", "dosvy-08"},
    Role.TRAINER: set(),
    Role.PARTNER: {"moi"},
}
SEES_AREAS = set(Role)  # the gazetteer is public reference data for every role
SEES_AUDIT = {Role.SYSTEM_ADMIN, Role.AUDITOR}

pytestmark = pytest.mark.django_db


def test_matrix_covers_every_role():
    assert set(VISIBLE_OFFICIALS) == set(Role) == set(VISIBLE_ORGS)


@pytest.mark.parametrize("role", list(Role))
def test_scoping_functions(role, users, officials, orgs):
    user = users[role]
    visible_people = set(Person.objects.visible_to(user).values_list("pk", flat=True))
    assert visible_people == {officials[name].pk for name in VISIBLE_OFFICIALS[role]}
    visible_posts = set(Post.objects.visible_to(user).values_list("person_id", flat=True))
    assert visible_posts == visible_people
    visible_orgs = set(Organisation.objects.visible_to(user).values_list("code", flat=True))
    assert visible_orgs == VISIBLE_ORGS[role]


@pytest.mark.parametrize("role", list(Role))
def test_official_endpoints(role, users, officials, client):
    client.force_login(users[role])
    listed_api = {item["id"] for item in client.get("/api/v1/officials?limit=200").json().get("items", [])}
    expected = {officials[name].pk for name in VISIBLE_OFFICIALS[role]}
    assert listed_api == expected
    for name, person in officials.items():
        inside = name in VISIBLE_OFFICIALS[role]
        api = client.get(f"/api/v1/officials/{person.pk}")
        page = client.get(f"/en/officials/{person.pk}/")
        edit = client.get(f"/en/officials/{person.pk}/edit/")
        new_post = client.get(f"/en/officials/{person.pk}/posts/new/")
        assert api.status_code == (200 if inside else 404), (role, name)
        assert page.status_code == (200 if inside else 404), (role, name)
        may_change = inside and Perm.OFFICIALS_CHANGE in ROLE_PERMISSIONS[role]
        assert edit.status_code == (200 if may_change else 404), (role, name)
        assert new_post.status_code == (200 if may_change else 404), (role, name)
    page = client.get("/en/officials/")
    if Perm.OFFICIALS_VIEW in ROLE_PERMISSIONS[role]:
        body = page.content.decode()
        for name, person in officials.items():
            assert (person.name_latin in body) == (name in VISIBLE_OFFICIALS[role]), (role, name)
    else:
        assert page.status_code == 404


@pytest.mark.parametrize("role", list(Role))
def test_organisation_endpoints(role, users, orgs, client):
    client.force_login(users[role])
    listed = {item["code"] for item in client.get("/api/v1/organisations?limit=200").json()["items"]}
    assert listed == VISIBLE_ORGS[role]
    for code, organisation in orgs.items():
        status = 200 if code in VISIBLE_ORGS[role] else 404
        assert client.get(f"/api/v1/organisations/{organisation.pk}").status_code == status, (role, code)
        assert client.get(f"/en/organisations/{organisation.pk}/").status_code == status, (role, code)


@pytest.mark.parametrize("role", list(Role))
def test_area_and_audit_endpoints(role, users, areas, client):
    client.force_login(users[role])
    assert client.get("/api/v1/areas/11").status_code == (200 if role in SEES_AREAS else 404)
    assert client.get("/en/areas/11/").status_code == (200 if role in SEES_AREAS else 404)
    assert client.get("/en/audit/").status_code == (200 if role in SEES_AUDIT else 404)


def test_no_role_sees_nothing(officials, orgs, client, django_user_model):
    user = django_user_model.objects.create_user(username="nobody", password="pass-word-123")
    client.force_login(user)
    assert client.get("/api/v1/officials").json()["count"] == 0
    assert client.get("/api/v1/organisations").json()["count"] == 0
    assert client.get("/api/v1/areas").json()["count"] == 0
    assert client.get(f"/api/v1/officials/{officials['in_kandal'].pk}").status_code == 404


# Every route that takes a record id, and the test above that walks it.
WALKED_ROUTES = {
    "/api/v1/areas/{code}": "test_area_and_audit_endpoints",
    "/api/v1/officials/{official_id}": "test_official_endpoints",
    "/api/v1/organisations/{organisation_id}": "test_organisation_endpoints",
    "areas/<str:code>/": "test_area_and_audit_endpoints",
    "officials/<int:pk>/": "test_official_endpoints",
    "officials/<int:pk>/edit/": "test_official_endpoints",
    "officials/<int:pk>/posts/new/": "test_official_endpoints",
    "organisations/<int:pk>/": "test_organisation_endpoints",
    "organisations/<int:pk>/edit/": "test_organisation_edit_pages",
    **LEARNING_ROUTES,  # walked in frontline/learning/tests/test_permissions.py
    **ELEARNING_ROUTES,  # walked in frontline/elearning/tests/test_permissions.py
    **KNOWLEDGE_ROUTES,  # walked in frontline/knowledge/tests/test_permissions.py
}


def _page_routes(patterns, prefix=""):
    for pattern in patterns:
        route = prefix + str(pattern.pattern)
        if hasattr(pattern, "url_patterns"):
            if "admin" in route:
                continue
            yield from _page_routes(pattern.url_patterns, route)
        elif "<" in route:
            yield route.split("/", 1)[1] if route.startswith("km/") or route[:3] in ("en/", "km/") else route


def test_every_route_with_an_id_is_in_the_matrix(client):
    from frontline.core.api import api

    api_routes = {path.rstrip("/") for path in api.get_openapi_schema(path_prefix="/api/v1")["paths"] if "{" in path}
    page_routes = {route for route in _page_routes(get_resolver().url_patterns) if not route.startswith("api/")}
    missing = (api_routes | page_routes) - set(WALKED_ROUTES)
    assert not missing, f"Add these routes to the permission matrix: {sorted(missing)}"


@pytest.mark.parametrize("role", list(Role))
def test_organisation_edit_pages(role, users, orgs, client):
    client.force_login(users[role])
    may_change = Perm.ORGANISATIONS_CHANGE in ROLE_PERMISSIONS[role]
    assert client.get("/en/organisations/new/").status_code == (200 if may_change else 404)
    for organisation in orgs.values():
        expected = 200 if may_change and organisation.code in VISIBLE_ORGS[role] else 404
        assert client.get(f"/en/organisations/{organisation.pk}/edit/").status_code == expected
