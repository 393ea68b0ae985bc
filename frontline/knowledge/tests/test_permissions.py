"""Every role against the library's practices inside and outside its scope, for every page and endpoint."""

import pytest

from frontline.accounts.roles import Role

pytestmark = pytest.mark.django_db

PUBLISHED = {"mk_pub", "moi_pub"}
ALL = {"mk_pub", "mk_draft", "district_draft", "kandal_draft", "moi_pub"}
READERS = {
    Role.SYSTEM_ADMIN,
    Role.NATIONAL_ADMIN,
    Role.PROVINCIAL_OFFICER,
    Role.DISTRICT_OFFICER,
    Role.COMMUNE_OFFICER,
    Role.TRAINING_COORDINATOR,
    Role.PARTNER,
    Role.AUDITOR,
}
SEES = {
    Role.SYSTEM_ADMIN: ALL,
    Role.NATIONAL_ADMIN: ALL,
    Role.AUDITOR: PUBLISHED,  # reads the library, reviews no drafts
    Role.PARTNER: PUBLISHED,
    Role.PROVINCIAL_OFFICER: PUBLISHED | {"mk_draft", "district_draft"},  # drafts of units in Mondulkiri
    Role.DISTRICT_OFFICER: PUBLISHED | {"district_draft"},
    Role.COMMUNE_OFFICER: PUBLISHED,
    Role.TRAINING_COORDINATOR: PUBLISHED | {"mk_draft", "kandal_draft"},  # the ministry's departments
    Role.TRAINER: set(),
    Role.WORKING_GROUP: set(),
    "learner": set(),  # an official with no role: the library is for those who see training
}
EDITS = {
    Role.SYSTEM_ADMIN: ALL,
    Role.NATIONAL_ADMIN: ALL,
    Role.PROVINCIAL_OFFICER: {"mk_pub", "mk_draft", "district_draft"},  # organiser in Mondulkiri
    Role.DISTRICT_OFFICER: {"district_draft"},  # their unit's draft; published ones are the organisers'
    Role.TRAINING_COORDINATOR: {"mk_pub", "mk_draft", "kandal_draft"},
}
PUBLISHES = {
    Role.SYSTEM_ADMIN: ALL,
    Role.NATIONAL_ADMIN: ALL,
    Role.PROVINCIAL_OFFICER: {"mk_pub", "mk_draft", "district_draft"},
    Role.TRAINING_COORDINATOR: {"mk_pub", "mk_draft", "kandal_draft"},
}
WITH_FILE = {"mk_pub", "mk_draft"}


@pytest.fixture
def everyone(users, officials):
    from frontline.elearning.tests.conftest import learner_of

    return {**users, "learner": learner_of(officials["in_district"], "learner")}


def _status(expected: bool, yes: int = 200) -> int:
    return yes if expected else 404


@pytest.mark.parametrize("who", [*Role, "learner"])
def test_practice_reads(who, everyone, library, client):
    client.force_login(everyone[who])
    listed = client.get("/en/learning/library/")
    assert listed.status_code == _status(who in READERS), who
    api = client.get("/api/v1/practices?limit=200").json()
    assert {item["id"] for item in api["items"]} == {library[name].pk for name in SEES[who]}, who
    for name, practice in library.items():
        sees = name in SEES[who]
        if listed.status_code == 200:
            assert (practice.title_en in listed.content.decode()) == sees, (who, name)
        assert client.get(f"/en/learning/library/{practice.pk}/").status_code == _status(sees), (who, name)
        assert client.get(f"/api/v1/practices/{practice.pk}").status_code == _status(sees), (who, name)
        attachment = client.get(f"/en/learning/library/{practice.pk}/attachment")
        assert attachment.status_code == _status(sees and name in WITH_FILE), (who, name)


@pytest.mark.parametrize("who", [*Role, "learner"])
def test_practice_writes(who, everyone, library, client):
    client.force_login(everyone[who])
    contributes = who in (set(EDITS) | {Role.COMMUNE_OFFICER})
    assert client.get("/en/learning/library/new/").status_code == _status(contributes), who
    for name, practice in library.items():
        assert client.get(f"/en/learning/library/{practice.pk}/edit/").status_code == _status(
            name in EDITS.get(who, set())
        ), (who, name)
        publishes = name in PUBLISHES.get(who, set())
        target = "0" if practice.status == "published" else "1"
        response = client.post(f"/en/learning/library/{practice.pk}/publish/", {"publish": target})
        assert response.status_code == _status(publishes, 302), (who, name)
        practice.refresh_from_db()
        flipped = practice.status == ("draft" if target == "0" else "published")
        # A draft with its English summary is published; a published one goes back to a draft.
        assert flipped == publishes, (who, name)


KNOWLEDGE_ROUTES = {
    "/api/v1/practices/{practice_id}": "test_practice_reads",
    "learning/library/<int:pk>/": "test_practice_reads",
    "learning/library/<int:pk>/attachment": "test_practice_reads",
    "learning/library/<int:pk>/edit/": "test_practice_writes",
    "learning/library/<int:pk>/publish/": "test_practice_writes",
}
