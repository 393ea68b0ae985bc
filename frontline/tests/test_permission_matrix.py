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
from frontline.voice.tests.test_permissions import VOICE_ROUTES

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
    Role.WORKING_GROUP: set(),  # the working group sees concerns, not the officials' registry
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
    Role.WORKING_GROUP: ALL_ORGS,
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
    "accounts/manage/<int:pk>/": "test_account_endpoints",
    "accounts/manage/<int:pk>/deactivate/": "test_account_endpoints",
    "accounts/manage/<int:pk>/reactivate/": "test_account_endpoints",
    "accounts/manage/<int:pk>/roles/<int:assignment_pk>/remove/": "test_account_endpoints",
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
    **VOICE_ROUTES,  # walked in frontline/voice/tests/test_permissions.py
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


# --- Lists per scope, writes with out-of-scope targets, the admin, accounts -------------------

CHANGES_OFFICIALS = {role for role in Role if Perm.OFFICIALS_CHANGE in ROLE_PERMISSIONS[role]}
CHANGEABLE_ORGS = {
    Role.SYSTEM_ADMIN: ALL_ORGS,
    Role.NATIONAL_ADMIN: ALL_ORGS,
    Role.PROVINCIAL_OFFICER: {"dosvy-11", "admin-1101"},
    Role.DISTRICT_OFFICER: {"admin-1101"},
    Role.COMMUNE_OFFICER: set(),
}
MANAGES_ACCOUNTS = {Role.SYSTEM_ADMIN, Role.NATIONAL_ADMIN}
# Accounts a manager may deactivate: never their own, never one holding rights they lack.
MANAGEABLE = {
    Role.SYSTEM_ADMIN: set(Role) - {Role.SYSTEM_ADMIN},
    Role.NATIONAL_ADMIN: set(Role) - {Role.SYSTEM_ADMIN, Role.NATIONAL_ADMIN, Role.AUDITOR},
}


def changeable_officials(role) -> set[str]:
    return VISIBLE_OFFICIALS[role] if role in CHANGES_OFFICIALS else set()


def written() -> tuple[int, int, int]:
    """What any write leaves behind: audit entries, people, organisations."""
    from auditlog.models import LogEntry

    return LogEntry.objects.count(), Person.objects.count(), Organisation.objects.count()


def person_data(person, **changes) -> dict:
    data = {
        "family_name_km": person.family_name_km,
        "given_name_km": person.given_name_km,
        "family_name_latin": person.family_name_latin,
        "given_name_latin": person.given_name_latin,
        "sex": person.sex,
        "birth_date": "",
        "phone": person.phone,
        "national_id": person.national_id or "",
    }
    return {**data, **changes}


NEW_POST = {"position": "Inspector", "level": "technical", "start_date": "2024-06-01"}


@pytest.mark.parametrize("role", list(Role))
def test_area_lists_per_scope(role, users, areas, client):
    """The gazetteer is public reference data: every role lists the same areas, page and API."""
    client.force_login(users[role])
    listed = {item["code"] for item in client.get("/api/v1/areas?limit=200").json()["items"]}
    assert listed == set(areas)
    page = client.get("/en/areas/").content.decode()
    assert "Mondul Kiri" in page and "Kandal" in page


@pytest.mark.parametrize("role", [*list(Role), "provincial_auditor"])
def test_audit_log_lists_per_scope(role, users, officials, orgs, areas, client):
    from conftest import user_with

    if role == "provincial_auditor":
        user, seen_people = user_with("auditor-11", Role.AUDITOR, area=areas["11"]), {"in_mondulkiri", "in_district"}
    else:
        user, seen_people = users[role], ALL_OFFICIALS if role in SEES_AUDIT else set()
    client.force_login(user)
    response = client.get("/en/audit/?model=person")
    if role not in SEES_AUDIT and role != "provincial_auditor":
        assert response.status_code == 404
        return
    body = response.content.decode()
    for name, person in officials.items():
        assert (person.name_km in body) == (name in seen_people), (role, name)
    people_page = client.get("/en/audit/?model=user").content.decode()
    assert ("sysadmin" in people_page) == (role in SEES_AUDIT)  # accounts' entries: national auditors only


@pytest.mark.parametrize("role", list(Role))
def test_official_writes_out_of_scope_are_404_and_write_nothing(role, users, officials, client):
    client.force_login(users[role])
    for name, person in officials.items():
        if name in changeable_officials(role):
            continue
        before = written()
        edit = client.post(f"/en/officials/{person.pk}/edit/", person_data(person, phone="099000111"))
        post = client.post(
            f"/en/officials/{person.pk}/posts/new/", {**NEW_POST, "organisation": person.organisation_id}
        )
        assert (edit.status_code, post.status_code) == (404, 404), (role, name)
        assert written() == before, (role, name)
    inside = sorted(changeable_officials(role))
    if inside:  # and the same write inside the scope does go through
        person = officials[inside[0]]
        assert (
            client.post(f"/en/officials/{person.pk}/edit/", person_data(person, phone="099000111")).status_code == 302
        )


@pytest.mark.parametrize("role", list(Role))
def test_registering_into_an_out_of_scope_unit_is_refused(role, users, orgs, client):
    import json

    client.force_login(users[role])
    new = {"family_name_km": "ថ្មី", "given_name_km": "មួយ", "sex": "F", **NEW_POST}
    for code, organisation in orgs.items():
        if code in CHANGEABLE_ORGS.get(role, set()):
            continue
        before = written()
        page = client.post("/en/officials/new/", {**new, "organisation": organisation.pk})
        if role in CHANGES_OFFICIALS:
            assert page.status_code == 200 and "has-error" in page.content.decode(), (role, code)
        else:
            assert page.status_code == 404, (role, code)
        api = client.post(
            "/api/v1/officials",
            json.dumps({**new, "organisation_id": organisation.pk}),
            content_type="application/json",
        )
        assert api.status_code == 400 and "organisation_id" in api.json()["errors"], (role, code)
        assert written() == before, (role, code)


@pytest.mark.parametrize("role", list(Role))
def test_import_into_an_out_of_scope_unit_is_refused(role, users, orgs, client):
    from frontline.people.tests.test_import import csv_file, row

    client.force_login(users[role])
    outside = sorted(ALL_ORGS - CHANGEABLE_ORGS.get(role, set()))
    if not outside:  # national roles: nothing lies outside
        return
    before = written()
    response = client.post("/en/officials/import/", {"file": csv_file([row(org=outside[0])])})
    expected = 400 if Perm.OFFICIALS_IMPORT in ROLE_PERMISSIONS[role] else 404
    assert response.status_code == expected
    if expected == 400:
        assert "No organisation with this code within your scope." in response.content.decode()
    assert written() == before


@pytest.mark.parametrize("role", list(Role))
def test_organisation_writes_out_of_scope_are_refused(role, users, orgs, client):
    client.force_login(users[role])
    may_change = Perm.ORGANISATIONS_CHANGE in ROLE_PERMISSIONS[role]
    for code, organisation in orgs.items():
        if may_change and code in VISIBLE_ORGS[role]:
            continue
        before = written()
        edit = client.post(
            f"/en/organisations/{organisation.pk}/edit/",
            {"kind": organisation.kind, "name_km": "ក", "name_en": "Taken over", "area_code": ""},
        )
        assert edit.status_code == 404, (role, code)
        created = client.post(
            "/en/organisations/new/",
            {"code": "new-unit", "parent": organisation.pk, "kind": "office", "name_km": "ក", "name_en": "X"},
        )
        assert created.status_code == (200 if may_change else 404), (role, code)
        assert written() == before, (role, code)


@pytest.mark.parametrize("role", list(Role))
def test_organisation_choices_per_scope(role, users, orgs, client):
    client.force_login(users[role])
    response = client.get("/en/organisations/choose/", {"for": "officials", "name": "o"})
    if role not in CHANGES_OFFICIALS:
        assert response.status_code == 404
        return
    offered = {code for code, organisation in orgs.items() if f'data-choice-value="{organisation.pk}"' in response.text}
    assert offered == CHANGEABLE_ORGS[role]


@pytest.mark.parametrize("role", list(Role))
def test_admin_access_per_role(role, users, client):
    """Even with the staff flag and a confirmed code, only system administrators reach the admin."""
    from conftest import verified_login

    user = users[role]
    user.is_staff = user.is_superuser = True
    user.save()
    verified_login(client, user)
    response = client.get("/en/admin/")
    if role == Role.SYSTEM_ADMIN:
        assert response.status_code == 200
    else:
        assert response.status_code == 302 and "/admin/login/" in response["Location"]


@pytest.mark.parametrize("role", list(Role))
def test_account_endpoints(role, users, client):
    client.force_login(users[role])
    manages = role in MANAGES_ACCOUNTS
    listed = client.get("/en/accounts/manage/")
    assert listed.status_code == (200 if manages else 404)
    for target_role, target in users.items():
        assert client.get(f"/en/accounts/manage/{target.pk}/").status_code == (200 if manages else 404)
        may = target_role in MANAGEABLE.get(role, set())
        assignment = target.assignments.get()
        before = written()
        removed = client.post(f"/en/accounts/manage/{target.pk}/roles/{assignment.pk}/remove/")
        deactivated = client.post(f"/en/accounts/manage/{target.pk}/deactivate/")
        if not may:
            assert (removed.status_code, deactivated.status_code) == (404, 404), (role, target_role)
            assert written() == before and target.assignments.exists(), (role, target_role)
            continue
        assert (removed.status_code, deactivated.status_code) == (302, 302), (role, target_role)
        reactivated = client.post(f"/en/accounts/manage/{target.pk}/reactivate/")
        assert reactivated.status_code == 302 and type(target).objects.get(pk=target.pk).is_active
