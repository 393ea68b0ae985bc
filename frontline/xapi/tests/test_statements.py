"""xAPI statements written by the services, exported through the API and pushed to an LRS."""

import base64
import datetime
import json
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest
from django.core.management import CommandError, call_command
from django.utils import timezone

from frontline.accounts.roles import Role
from frontline.learning.models import AssessmentKind, EventStatus
from frontline.learning.services import assessment, enrolment, events
from frontline.learning.services.attendance import attendance_mark
from frontline.learning.tests.conftest import START
from frontline.xapi.models import Statement, Verb

pytestmark = pytest.mark.django_db


def at(day: datetime.date, hour: int = 10) -> datetime.datetime:
    return timezone.make_aware(datetime.datetime.combine(day, datetime.time(hour)))


@pytest.fixture
def held(event, officials, freezer_start):
    """The Mondulkiri event running: Sok Chanthy (Mondulkiri) and Ly Vibol (Kandal), a post-test set."""
    people = [officials["in_mondulkiri"], officials["in_kandal"]]
    placed = [enrolment.event_enrol(acting_user=None, event=event, person=p) for p in people]
    events.event_transition(acting_user=None, event=event, status=EventStatus.OPEN)
    events.event_transition(acting_user=None, event=event, status=EventStatus.RUNNING)
    test = assessment.test_create(
        acting_user=None,
        event=event,
        kind=AssessmentKind.POST,
        opens_at=at(START, 8),
        closes_at=at(START + datetime.timedelta(days=1), 18),
        question_count=5,
    )
    return event, placed, test


def test_attendance_writes_attended_and_a_correction_voids_it(held):
    event, (sok, ly), _test = held
    session = event.sessions.order_by("date").first()
    attendance_mark(acting_user=None, session=session, enrolment=sok, marked_at=at(START, 9))
    attendance_mark(acting_user=None, session=session, enrolment=sok, marked_at=at(START, 9))  # again: no change
    attendance_mark(acting_user=None, session=session, enrolment=ly, present=False, marked_at=at(START, 9))
    attended = Statement.objects.get(verb=Verb.ATTENDED)
    assert attended.person_id == sok.person_id and not Statement.objects.filter(person_id=ly.person_id).exists()
    statement = attended.as_xapi()
    assert statement["verb"]["id"] == "http://adlnet.gov/expapi/verbs/attended"
    assert statement["object"]["id"] == f"http://127.0.0.1:8000/km/learning/events/{event.pk}/"
    assert statement["actor"] == {
        "objectType": "Agent",
        "account": {"homePage": "http://127.0.0.1:8000", "name": str(sok.person_id)},
    }
    assert datetime.datetime.fromisoformat(statement["timestamp"]) == at(START, 9)
    assert list(statement["context"]["extensions"].values()) == [{"date": "2026-04-18", "part": "day"}]

    attendance_mark(acting_user=None, session=session, enrolment=sok, present=False, marked_at=at(START, 11))
    attended.refresh_from_db()
    voiding = Statement.objects.get(verb=Verb.VOIDED)
    assert attended.voided and voiding.as_xapi()["object"] == {"objectType": "StatementRef", "id": str(attended.id)}
    attendance_mark(acting_user=None, session=session, enrolment=sok, present=True, marked_at=at(START, 12))
    assert Statement.objects.filter(verb=Verb.ATTENDED, voided=False).count() == 1  # present again: a new one


def test_a_post_test_writes_passed_or_failed_and_completion_writes_completed(held):
    event, (sok, ly), test = held
    questions = list(test.questions.all())
    right = {q.pk: q.choices.get(is_correct=True).pk for q in questions}
    wrong = {q.pk: q.choices.get(is_correct=False).pk for q in questions}
    assessment.test_submit(acting_user=None, test=test, enrolment=sok, answers=right, at=at(START, 15))
    assessment.test_submit(acting_user=None, test=test, enrolment=ly, answers=wrong, at=at(START, 15))
    for session in event.sessions.all():
        for placed in (sok, ly):
            attendance_mark(acting_user=None, session=session, enrolment=placed, marked_at=at(session.date, 9))
    events.event_transition(acting_user=None, event=event, status=EventStatus.COMPLETED)
    passed = Statement.objects.get(verb=Verb.PASSED)
    failed = Statement.objects.get(verb=Verb.FAILED)
    assert (passed.person_id, passed.score_scaled, passed.success) == (sok.person_id, 1.0, True)
    assert (failed.person_id, failed.score_scaled, failed.success) == (ly.person_id, 0.0, False)
    completed = Statement.objects.get(verb=Verb.COMPLETED)
    assert completed.person_id == sok.person_id  # Ly Vibol failed the post-test: not completed
    assert Statement.objects.filter(verb=Verb.ATTENDED).count() == 4
    # Scoping copies: the participant's area and unit at enrolment, as on the enrolment.
    assert (completed.area_code, completed.org_path) == (sok.area_code, sok.org_path)


@pytest.fixture
def statements(held):
    """Three attended statements a minute apart, Sok Chanthy's on both days and Ly Vibol's."""
    event, (sok, ly), _test = held
    first, second = event.sessions.order_by("date")
    marks = [(first, sok), (first, ly), (second, sok)]
    for minute, (session, placed) in enumerate(marks):
        attendance_mark(acting_user=None, session=session, enrolment=placed, marked_at=at(session.date, 9))
        latest = Statement.objects.order_by("-stored", "-id").filter(enrolment=placed).first()
        latest.stored = at(START, 12) + datetime.timedelta(minutes=minute)
        latest.save(update_fields=["stored"])
    return list(Statement.objects.order_by("stored"))


def test_export_pages_through_a_statement_result_with_since_until_and_more(client, users, statements):
    client.force_login(users[Role.NATIONAL_ADMIN])
    response = client.get("/api/v1/xapi/statements?limit=2&ascending=true")
    assert response.status_code == 200 and response["X-Experience-API-Version"] == "1.0.3"
    body = response.json()
    assert [s["id"] for s in body["statements"]] == [str(s.id) for s in statements[:2]]
    assert "result" not in body["statements"][0]  # nothing empty is sent
    rest = client.get(body["more"]).json()
    assert [s["id"] for s in rest["statements"]] == [str(statements[2].id)] and rest["more"] == ""
    newest_first = client.get("/api/v1/xapi/statements").json()["statements"]
    assert [s["id"] for s in newest_first] == [str(s.id) for s in reversed(statements)]
    since = (statements[0].stored).isoformat()
    until = (statements[1].stored).isoformat()
    window = client.get("/api/v1/xapi/statements", {"since": since, "until": until}).json()["statements"]
    assert [s["id"] for s in window] == [str(statements[1].id)]
    assert client.get("/api/v1/xapi/statements?cursor=forged").status_code == 400
    assert client.get("/api/v1/xapi/statements?since=0001-01-01T00:00:00%2B05:00").status_code == 400


@pytest.mark.parametrize(
    ("role", "expected"),
    [
        (Role.NATIONAL_ADMIN, 3),
        (Role.AUDITOR, 3),
        (Role.PROVINCIAL_OFFICER, 3),  # the event is held in Mondulkiri
        (Role.DISTRICT_OFFICER, 0),  # neither participant comes from Kaev Seima
        (Role.TRAINING_COORDINATOR, 3),  # organised by the ministry
        (Role.PARTNER, 0),
        (Role.TRAINER, 0),
    ],
)
def test_export_is_scoped_like_the_participants(client, users, statements, role, expected):
    client.force_login(users[role])
    assert len(client.get("/api/v1/xapi/statements").json()["statements"]) == expected


class _Store(BaseHTTPRequestHandler):
    """A small learning record store: records every POST; answers with the status it is told."""

    received: list = []
    status = 200

    def do_POST(self):  # noqa: N802 - http.server's name
        body = json.loads(self.rfile.read(int(self.headers["Content-Length"])))
        headers = {name.lower(): value for name, value in self.headers.items()}
        type(self).received.append((self.path, headers, body))
        self.send_response(type(self).status)
        self.send_header("Content-Type", "application/json")
        self.end_headers()
        self.wfile.write(json.dumps([s["id"] for s in body]).encode())

    def log_message(self, *args):
        pass


@pytest.fixture
def store():
    _Store.received, _Store.status = [], 200
    server = ThreadingHTTPServer(("127.0.0.1", 0), _Store)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield _Store, f"http://127.0.0.1:{server.server_address[1]}/xapi/"
    finally:
        server.shutdown()
        server.server_close()
        thread.join(timeout=5)


def test_xapi_push_sends_unsent_statements_in_batches_once(statements, store):
    handler, endpoint = store
    handler.status = 500
    with pytest.raises(CommandError):
        call_command("xapi_push", endpoint=endpoint, key="frontline", secret="s3cret", batch_size=2)
    assert not Statement.objects.filter(sent_at__isnull=False).exists()  # nothing taken for sent

    handler.received, handler.status = [], 200
    call_command("xapi_push", endpoint=endpoint, key="frontline", secret="s3cret", batch_size=2)
    assert [len(body) for _path, _headers, body in handler.received] == [2, 1]
    path, headers, body = handler.received[0]
    assert path == "/xapi/statements" and headers["x-experience-api-version"] == "1.0.3"
    assert headers["authorization"] == "Basic " + base64.b64encode(b"frontline:s3cret").decode()
    sent_ids = [s["id"] for _p, _h, batch in handler.received for s in batch]
    assert sent_ids == [str(s.id) for s in statements]  # oldest first, each once
    assert not Statement.objects.filter(sent_at__isnull=True).exists()

    handler.received = []
    call_command("xapi_push", endpoint=endpoint, key="frontline", secret="s3cret")
    assert handler.received == []  # nothing new: nothing sent again


def test_xapi_push_refuses_an_endpoint_that_is_not_http(statements):
    with pytest.raises(CommandError):
        call_command("xapi_push", endpoint="file:///etc/passwd", key="k", secret="s")
    assert not Statement.objects.filter(sent_at__isnull=False).exists()
