"""Every role against learning records inside and outside its scope, for every page and endpoint.

Two completed events with certificates: one held in Mondulkiri by its provincial department
(with places set aside for Mondulkiri), one in Kandal by Kandal's, trained by the trainer user.
"""

import datetime

import pytest

from frontline.accounts.roles import Perm, Role
from frontline.learning.models import Enrolment, EventStatus
from frontline.learning.services import completion, enrolment, events
from frontline.learning.services.attendance import attendance_mark
from frontline.learning.services.trainers import trainer_register
from frontline.learning.tests.conftest import START

pytestmark = pytest.mark.django_db

ALL = {"mondulkiri", "kandal"}
SEES = {
    Role.SYSTEM_ADMIN: ALL,
    Role.NATIONAL_ADMIN: ALL,
    Role.AUDITOR: ALL,
    Role.PROVINCIAL_OFFICER: {"mondulkiri"},
    Role.DISTRICT_OFFICER: {"mondulkiri"},  # through the province's quota
    Role.COMMUNE_OFFICER: {"mondulkiri"},
    Role.TRAINING_COORDINATOR: ALL,  # both organisers belong to the ministry
    Role.TRAINER: {"kandal"},  # the one they train
    Role.PARTNER: set(),
    Role.WORKING_GROUP: set(),  # citizens' voice only
}
MANAGES = {
    Role.SYSTEM_ADMIN: ALL,
    Role.NATIONAL_ADMIN: ALL,
    Role.PROVINCIAL_OFFICER: {"mondulkiri"},
    Role.TRAINING_COORDINATOR: ALL,
}
NOMINATES = {role: SEES[role] for role in SEES if role not in (Role.AUDITOR, Role.TRAINER, Role.PARTNER)}
MARKS = {**MANAGES, Role.TRAINER: {"kandal"}}
# Participants of the Mondulkiri event (Sok Chanthy of the provincial department, Heng Sophea of
# Kaev Seima district) seen through each role; the Kandal event's (Ly Vibol) likewise.
PARTICIPANTS = {
    Role.SYSTEM_ADMIN: {"mondulkiri": 2, "kandal": 1},
    Role.NATIONAL_ADMIN: {"mondulkiri": 2, "kandal": 1},
    Role.AUDITOR: {"mondulkiri": 2, "kandal": 1},
    Role.PROVINCIAL_OFFICER: {"mondulkiri": 2},
    Role.DISTRICT_OFFICER: {"mondulkiri": 1},
    Role.COMMUNE_OFFICER: {"mondulkiri": 0},
    Role.TRAINING_COORDINATOR: {"mondulkiri": 2, "kandal": 1},
    Role.TRAINER: {"kandal": 1},
    Role.PARTNER: {},
    Role.WORKING_GROUP: {},
}


def _held_and_certified(event, people):
    for person in people:
        enrolment.event_enrol(acting_user=None, event=event, person=person)
    events.event_transition(acting_user=None, event=event, status=EventStatus.OPEN)
    events.event_transition(acting_user=None, event=event, status=EventStatus.RUNNING)
    for session in event.sessions.all():
        for participant in event.enrolments.all():
            attendance_mark(
                acting_user=None,
                session=session,
                enrolment=participant,
                marked_at=datetime.datetime.combine(session.date, datetime.time(9), datetime.UTC),
            )
    events.event_transition(acting_user=None, event=event, status=EventStatus.COMPLETED)
    completion.certificates_issue_all(acting_user=None, event=event)
    return event


@pytest.fixture
def world(programme, areas, orgs, officials, users, trainer):
    programme.requires_post_test = False
    programme.save()
    common = {
        "programme": programme,
        "start_date": START,
        "end_date": START + datetime.timedelta(days=1),
        "venue": "Hall",
        "capacity": 10,
    }
    mondulkiri = events.event_create(acting_user=None, area=areas["11"], organiser=orgs["dosvy-11"], **common)
    events.quota_set(acting_user=None, event=mondulkiri, area=areas["11"], places=5)
    kandal = events.event_create(acting_user=None, area=areas["08"], organiser=orgs["dosvy-08"], **common)
    trainer_user = users[Role.TRAINER]
    trainer_user.person = officials["in_ministry"]
    trainer_user.save()
    events.trainer_assign(acting_user=None, event=kandal, trainer=trainer, role="lead")
    _held_and_certified(mondulkiri, [officials["in_mondulkiri"], officials["in_district"]])
    _held_and_certified(kandal, [officials["in_kandal"]])
    other_trainer = trainer_register(acting_user=None, person=officials["in_kandal"])
    return {"events": {"mondulkiri": mondulkiri, "kandal": kandal}, "trainer": trainer, "other": other_trainer}


def _status(expected: bool, yes: int = 200) -> int:
    return yes if expected else 404


@pytest.mark.parametrize("role", list(Role))
def test_event_reads(role, users, client, world):
    client.force_login(users[role])
    listed = {item["id"] for item in client.get("/api/v1/events?limit=200").json().get("items", [])}
    assert listed == {world["events"][name].pk for name in SEES[role]}
    for name, event in world["events"].items():
        sees = name in SEES[role]
        assert client.get(f"/en/learning/events/{event.pk}/").status_code == _status(sees), (role, name)
        assert client.get(f"/api/v1/events/{event.pk}").status_code == _status(sees), (role, name)
        participants = client.get(f"/api/v1/events/{event.pk}/participants")
        assert participants.status_code == _status(sees), (role, name)
        if sees:
            assert participants.json()["count"] == PARTICIPANTS[role][name], (role, name)
        certificates = {item["number"] for item in client.get(f"/api/v1/certificates?event={event.pk}").json()["items"]}
        expected = (
            {
                c.number
                for c in event.enrolments.exclude(certificate=None).select_related("certificate")
                and [e.certificate for e in event.enrolments.select_related("certificate")]
            }
            if PARTICIPANTS[role].get(name)
            else set()
        )
        if PARTICIPANTS[role].get(name) == len(expected):
            assert certificates == expected, (role, name)
        else:
            assert len(certificates) == PARTICIPANTS[role].get(name, 0), (role, name)
        pdf = client.get(f"/en/learning/events/{event.pk}/certificates.pdf")
        assert pdf.status_code == _status(sees and PARTICIPANTS[role].get(name, 0) > 0), (role, name)


@pytest.mark.parametrize("role", list(Role))
def test_event_management(role, users, client, world):
    client.force_login(users[role])
    for name, event in world["events"].items():
        manages = name in MANAGES.get(role, set())
        for page in ("edit", "quotas", "costs", "trainers", "tests/new", "participants/import", "follow-ups"):
            assert client.get(f"/en/learning/events/{event.pk}/{page}/").status_code == _status(manages), (role, page)
        assert client.post(f"/en/learning/events/{event.pk}/status/", {"status": "reported"}).status_code == _status(
            manages, 302
        ), (role, name)
        assert client.post(f"/en/learning/events/{event.pk}/certify/").status_code == _status(manages, 302)
        template = client.get(f"/en/learning/events/{event.pk}/participants/template.csv")
        assert template.status_code == _status(manages), (role, name)
        session = event.sessions.first()
        post_status = client.post(f"/en/learning/events/{event.pk}/sessions/{session.pk}/status/", {"status": "held"})
        assert post_status.status_code == _status(manages, 302), (role, name)
        added = client.post(f"/en/learning/events/{event.pk}/sessions/new/", {"date": "2026-04-18", "part": "morning"})
        assert added.status_code == _status(manages, 302), (role, name)
        assignment = event.trainer_assignments.first()
        if assignment is not None:
            exception = client.post(
                f"/en/learning/events/{event.pk}/trainers/{assignment.pk}/exception/", {"reason": "test"}
            )
            assert exception.status_code == _status(manages, 302), (role, name)
            assignment.refresh_from_db()
            assert manages or assignment.exception_reason != "test", (role, name)  # nothing recorded from outside
            removal = client.post(f"/en/learning/events/{event.pk}/trainers/{assignment.pk}/remove/")
            assert removal.status_code == _status(manages, 302), (role, name)
        certificate = event.enrolments.filter(certificate__isnull=False).first().certificate
        revoke = client.post(f"/en/learning/certificates/{certificate.number}/revoke/", {"reason": "test"})
        assert revoke.status_code == _status(manages, 302), (role, name)


@pytest.mark.parametrize("role", list(Role))
def test_attendance_and_nomination(role, users, client, world):
    client.force_login(users[role])
    for name, event in world["events"].items():
        marks = name in MARKS.get(role, set())
        session = event.sessions.first()
        assert client.get(f"/en/learning/events/{event.pk}/sessions/{session.pk}/").status_code == _status(marks)
        assert client.get(f"/en/learning/events/{event.pk}/badges/").status_code == _status(marks)
        assert client.get(f"/en/learning/events/{event.pk}/links/").status_code == _status(marks)
        sync = client.post(f"/api/v1/events/{event.pk}/attendance", {"marks": []}, content_type="application/json")
        expected = 200 if marks else (403 if name in SEES[role] else 404)
        assert sync.status_code == expected, (role, name)
        nominates = name in NOMINATES.get(role, set())
        assert client.get(f"/en/learning/events/{event.pk}/enrol/").status_code == _status(nominates), (role, name)
        reachable = set(
            Enrolment.objects.visible_to(users[role], perm=Perm.LEARNING_NOMINATE).values_list("pk", flat=True)
        )
        for participant in event.enrolments.all():
            withdraw = client.post(f"/en/learning/events/{event.pk}/enrolments/{participant.pk}/withdraw/")
            # A completed event refuses the withdrawal with a message (302) - but only to those who reach it.
            assert withdraw.status_code == _status(nominates and participant.pk in reachable, 302), (role, name)


@pytest.mark.parametrize("role", list(Role))
def test_certificates_and_transcripts(role, users, client, world, officials):
    client.force_login(users[role])
    from frontline.people.models import Person

    visible_people = set(Person.objects.visible_to(users[role]).values_list("pk", flat=True))
    for name, event in world["events"].items():
        for participant in event.enrolments.select_related("certificate"):
            pdf = client.get(f"/en/learning/certificates/{participant.certificate.number}.pdf")
            assert pdf.status_code in (200, 404)
            sees_participant = PARTICIPANTS[role].get(name, 0) > 0 and pdf.status_code == 200
            assert (pdf.status_code == 200) == sees_participant
    for person in officials.values():
        transcript = client.get(f"/en/learning/officials/{person.pk}/transcript/")
        assert transcript.status_code == _status(person.pk in visible_people), (role, person)


@pytest.mark.parametrize("role", list(Role))
def test_programmes_and_trainers(role, users, client, world, programme):
    client.force_login(users[role])
    from frontline.accounts.roles import ROLE_PERMISSIONS, Perm

    permissions = ROLE_PERMISSIONS[role]
    sees_programme = Perm.LEARNING_VIEW in permissions and role != Role.PARTNER
    assert client.get(f"/en/learning/programmes/{programme.pk}/").status_code == _status(sees_programme), role
    manages_programme = role in (Role.SYSTEM_ADMIN, Role.NATIONAL_ADMIN, Role.TRAINING_COORDINATOR)
    version = programme.versions.first()
    for url in (
        f"/en/learning/programmes/{programme.pk}/edit/",
        f"/en/learning/programmes/{programme.pk}/versions/new/",
        f"/en/learning/programmes/{programme.pk}/versions/{version.pk}/modules/new/",
        f"/en/learning/programmes/{programme.pk}/partners/new/",
        f"/en/learning/programmes/{programme.pk}/phases/new/",
        f"/en/learning/programmes/{programme.pk}/questions/new/",
    ):
        assert client.get(url).status_code == _status(manages_programme), (role, url)
    for key in ("trainer", "other"):
        trainer = world[key]
        sees = Perm.LEARNING_VIEW in permissions or (role == Role.TRAINER and key == "trainer")
        assert client.get(f"/en/learning/trainers/{trainer.pk}/").status_code == _status(sees), (role, key)
        # Changing a trainer's record: organisers of the trainer's unit, area or institution.
        manages = role in (Role.SYSTEM_ADMIN, Role.NATIONAL_ADMIN, Role.TRAINING_COORDINATOR)
        qualification = client.get(f"/en/learning/trainers/{trainer.pk}/qualifications/new/")
        assert qualification.status_code == _status(manages), (role, key)


def test_public_pages_reveal_nothing_without_their_secret(client, world):
    assert client.get("/verify/FL-2026-ZZZZZZZZZZ").status_code == 404
    assert client.get("/verify/FL-2026-ZZZZZZZZZZ/badge.json").status_code == 404
    assert client.get("/verify/issuers/no-such-org.json").status_code == 404
    assert client.get("/verify/programmes/no-such-programme.json").status_code == 404
    assert client.get("/en/learning/p/not-signed/").status_code == 404
    assert client.get("/en/learning/p/not-signed/evaluation/").status_code == 404
    assert client.get("/en/learning/p/not-signed/tests/1/").status_code == 404
    assert client.get("/en/learning/follow-up/no-such-token/").status_code == 404


LEARNING_ROUTES = {
    "/api/v1/events/{event_id}": "test_event_reads",
    "/api/v1/events/{event_id}/participants": "test_event_reads",
    "/api/v1/events/{event_id}/attendance": "test_attendance_and_nomination",
    "learning/events/<int:pk>/": "test_event_reads",
    "learning/events/<int:pk>/certificates.pdf": "test_event_reads",
    "learning/events/<int:pk>/edit/": "test_event_management",
    "learning/events/<int:pk>/quotas/": "test_event_management",
    "learning/events/<int:pk>/costs/": "test_event_management",
    "learning/events/<int:pk>/trainers/": "test_event_management",
    "learning/events/<int:pk>/tests/new/": "test_event_management",
    "learning/events/<int:pk>/status/": "test_event_management",
    "learning/events/<int:pk>/participants/import/": "test_event_management",
    "learning/events/<int:pk>/participants/template.csv": "test_event_management",
    "learning/events/<int:pk>/certify/": "test_event_management",
    "learning/events/<int:pk>/sessions/<int:session_id>/status/": "test_event_management",
    "learning/certificates/<str:number>/revoke/": "test_event_management",
    "learning/events/<int:pk>/sessions/<int:session_id>/": "test_attendance_and_nomination",
    "learning/events/<int:pk>/badges/": "test_attendance_and_nomination",
    "learning/events/<int:pk>/links/": "test_attendance_and_nomination",
    "learning/events/<int:pk>/follow-ups/": "test_event_management",
    "learning/events/<int:pk>/sessions/new/": "test_event_management",
    "learning/events/<int:pk>/trainers/<int:assignment_id>/remove/": "test_event_management",
    "learning/events/<int:pk>/trainers/<int:assignment_id>/exception/": "test_event_management",
    "learning/programmes/<int:pk>/questions/new/": "test_programmes_and_trainers",
    "learning/programmes/<int:pk>/partners/new/": "test_programmes_and_trainers",
    "learning/programmes/<int:pk>/phases/new/": "test_programmes_and_trainers",
    "learning/events/<int:pk>/enrol/": "test_attendance_and_nomination",
    "learning/events/<int:pk>/enrolments/<int:enrolment_id>/withdraw/": "test_attendance_and_nomination",
    "learning/certificates/<str:number>.pdf": "test_certificates_and_transcripts",
    "learning/officials/<int:pk>/transcript/": "test_certificates_and_transcripts",
    "learning/programmes/<int:pk>/": "test_programmes_and_trainers",
    "learning/programmes/<int:pk>/edit/": "test_programmes_and_trainers",
    "learning/programmes/<int:pk>/versions/new/": "test_programmes_and_trainers",
    "learning/programmes/<int:pk>/versions/<int:version_id>/modules/new/": "test_programmes_and_trainers",
    "learning/trainers/<int:pk>/": "test_programmes_and_trainers",
    "learning/trainers/<int:pk>/qualifications/new/": "test_programmes_and_trainers",
    "verify/<str:number>": "test_public_pages_reveal_nothing_without_their_secret",
    "verify/<str:number>/badge.json": "test_public_pages_reveal_nothing_without_their_secret",
    "verify/issuers/<slug:code>.json": "test_public_pages_reveal_nothing_without_their_secret",
    "verify/programmes/<slug:code>.json": "test_public_pages_reveal_nothing_without_their_secret",
    "learning/p/<str:token>/": "test_public_pages_reveal_nothing_without_their_secret",
    "learning/p/<str:token>/evaluation/": "test_public_pages_reveal_nothing_without_their_secret",
    "learning/p/<str:token>/tests/<int:test_id>/": "test_public_pages_reveal_nothing_without_their_secret",
    "learning/follow-up/<str:token>/": "test_public_pages_reveal_nothing_without_their_secret",
}


NEEDS_SEEN = {
    Role.SYSTEM_ADMIN: {"11", "08"},
    Role.NATIONAL_ADMIN: {"11", "08"},
    Role.AUDITOR: {"11", "08"},
    Role.PROVINCIAL_OFFICER: {"11"},
    Role.TRAINING_COORDINATOR: {"11", "08"},
}
NEEDS_FILED = {
    Role.SYSTEM_ADMIN: {"11", "08"},
    Role.NATIONAL_ADMIN: {"11", "08"},
    Role.PROVINCIAL_OFFICER: {"11"},
    Role.TRAINING_COORDINATOR: {"11", "08"},
}
PLANS_SEEN = {
    Role.SYSTEM_ADMIN: {"11", ""},
    Role.NATIONAL_ADMIN: {"11", ""},
    Role.AUDITOR: {"11", ""},
    Role.PROVINCIAL_OFFICER: {"11"},
}
PLANS_MANAGED = {Role.SYSTEM_ADMIN: {"11", ""}, Role.NATIONAL_ADMIN: {"11", ""}, Role.PROVINCIAL_OFFICER: {"11"}}
# Strategic plans by their owner: the ministry (no area) and Mondulkiri's department (in the
# ministry's tree, serving province 11).
STRATEGIES_SEEN = {
    Role.SYSTEM_ADMIN: {"mosvy", "dosvy-11"},
    Role.NATIONAL_ADMIN: {"mosvy", "dosvy-11"},
    Role.AUDITOR: {"mosvy", "dosvy-11"},
    Role.TRAINING_COORDINATOR: {"mosvy", "dosvy-11"},  # the ministry and its units
    Role.PROVINCIAL_OFFICER: {"dosvy-11"},  # the ministry serves no one area
}


@pytest.mark.parametrize("role", list(Role))
def test_planning_records(role, users, client, orgs, areas, competency):
    from frontline.accounts.roles import ROLE_PERMISSIONS
    from frontline.learning.services import planning

    assessments, needs = {}, {}
    for code in ("11", "08"):
        assessments[code] = planning.needs_assessment_start(acting_user=None, unit=orgs[f"dosvy-{code}"], year=2027)
        needs[code] = planning.need_set(
            acting_user=None, assessment=assessments[code], competency=competency, staff=2, priority="high"
        )
    plans = {
        "11": planning.plan_create(acting_user=None, year=2027, title_km="ក", title_en="Mondulkiri", area=areas["11"]),
        "": planning.plan_create(acting_user=None, year=2027, title_km="ខ", title_en="National"),
    }
    lines = {
        key: planning.plan_add_needs(acting_user=None, plan=plan, needs=[needs["11"]])[0] for key, plan in plans.items()
    }
    strategies = {
        owner: planning.strategic_plan_create(
            acting_user=None, owner=orgs[owner], title_km="គ", title_en=owner, start_year=2027, end_year=2030
        )
        for owner in ("mosvy", "dosvy-11")
    }
    client.force_login(users[role])
    for code, assessment in assessments.items():
        assert client.get(f"/en/learning/needs/{assessment.pk}/").status_code == _status(
            code in NEEDS_SEEN.get(role, set())
        ), (role, code)
        files = code in NEEDS_FILED.get(role, set())
        remove = client.post(f"/en/learning/needs/{assessment.pk}/items/{needs[code].pk}/remove/")
        assert remove.status_code == _status(files, 302), (role, code)
        assert client.post(f"/en/learning/needs/{assessment.pk}/submit/").status_code == _status(files, 302)
    for key, plan in plans.items():
        assert client.get(f"/en/learning/plans/{plan.pk}/").status_code == _status(key in PLANS_SEEN.get(role, set()))
        manages = key in PLANS_MANAGED.get(role, set())
        assert client.get(f"/en/learning/plans/{plan.pk}/items/{lines[key].pk}/").status_code == _status(manages)
        assert client.post(f"/en/learning/plans/{plan.pk}/approve/").status_code == _status(manages, 302)
    for owner, strategy in strategies.items():
        sees = owner in STRATEGIES_SEEN.get(role, set())
        assert client.get(f"/en/learning/strategy/{strategy.pk}/").status_code == _status(sees), (role, owner)
    index = client.get("/en/learning/strategy/")
    assert index.status_code == _status(Perm.LEARNING_VIEW in ROLE_PERMISSIONS[role])
    if index.status_code == 200:
        listed = {owner for owner, strategy in strategies.items() if f"/strategy/{strategy.pk}/" in index.text}
        assert listed == STRATEGIES_SEEN.get(role, set()), role
    assert client.get("/en/learning/strategy/999999/").status_code == 404


LEARNING_ROUTES.update(
    {
        "learning/needs/<int:pk>/": "test_planning_records",
        "learning/needs/<int:pk>/submit/": "test_planning_records",
        "learning/needs/<int:pk>/items/<int:item_id>/remove/": "test_planning_records",
        "learning/plans/<int:pk>/": "test_planning_records",
        "learning/plans/<int:pk>/items/<int:item_id>/": "test_planning_records",
        "learning/plans/<int:pk>/approve/": "test_planning_records",
        "learning/strategy/<int:pk>/": "test_planning_records",
    }
)


@pytest.mark.parametrize("role", list(Role))
def test_permissions_read_with_the_record_agree_with_can(role, users, world):
    """annotate_can answers in the record's own query what can() answers one query at a time."""
    from frontline.accounts.policies import annotate_can, can
    from frontline.learning.models import TrainingEvent

    user = users[role]
    perms = {"manage": Perm.LEARNING_MANAGE, "train": Perm.LEARNING_TRAIN, "nominate": Perm.LEARNING_NOMINATE}
    annotated = {event.pk: event for event in annotate_can(TrainingEvent.objects.all(), user, **perms)}
    answers = set()
    for name, event in world["events"].items():
        for flag, perm in perms.items():
            assert getattr(annotated[event.pk], flag) == can(user, perm, event), (name, flag)
            answers.add(can(user, perm, event))
    if role in (Role.PROVINCIAL_OFFICER, Role.TRAINER):
        assert answers == {True, False}  # each of these roles may do some of it, not all
