import datetime
import uuid

import pytest

from frontline.accounts.roles import Role
from frontline.learning.certificates import certificates_pdf
from frontline.learning.models import AttendanceMark, EventStatus, TrainingEvent
from frontline.learning.services import completion, enrolment, events
from frontline.learning.views.participant import participant_token

pytestmark = pytest.mark.django_db


@pytest.fixture
def national(client, users):
    client.force_login(users[Role.NATIONAL_ADMIN])
    return client


@pytest.fixture
def running(event, officials, trainer):
    for person in (officials["in_mondulkiri"], officials["in_district"], officials["in_kandal"]):
        enrolment.event_enrol(acting_user=None, event=event, person=person)
    events.trainer_assign(acting_user=None, event=event, trainer=trainer, role="lead")
    events.event_transition(acting_user=None, event=event, status=EventStatus.OPEN)
    events.event_transition(acting_user=None, event=event, status=EventStatus.RUNNING)
    return event


def test_the_module_pages_render_in_khmer_with_khmer_digits(national, running, programme, trainer, officials):
    pages = [
        "/km/learning/",
        f"/km/learning/events/{running.pk}/",
        f"/km/learning/events/{running.pk}/sessions/{running.sessions.first().pk}/",
        f"/km/learning/events/{running.pk}/badges/",
        f"/km/learning/events/{running.pk}/enrol/?q=sok",
        "/km/learning/programmes/",
        f"/km/learning/programmes/{programme.pk}/",
        "/km/learning/trainers/",
        f"/km/learning/trainers/{trainer.pk}/",
        "/km/learning/competencies/",
        f"/km/learning/officials/{officials['in_mondulkiri'].pk}/transcript/",
    ]
    for url in pages:
        response = national.get(url)
        assert response.status_code == 200, url
    body = national.get(f"/km/learning/events/{running.pk}/").content.decode()
    assert "ប្រព័ន្ធគាំពារសង្គម" in body and "១៨ មេសា ២០២៦" in body
    assert "សុខ ចាន់ធី" in body


def test_planning_an_event_that_ends_before_it_starts_is_refused_field_by_field(national, programme, orgs):
    before = TrainingEvent.objects.count()
    response = national.post(
        "/en/learning/events/new/",
        {
            "programme": programme.pk,
            "start_date": "2026-05-10",
            "end_date": "2026-05-09",
            "venue": "Hall",
            "area": "11",
            "organiser": orgs["mosvy"].pk,
            "capacity": 20,
        },
    )
    assert response.status_code == 200
    assert "The event cannot end before it starts." in response.content.decode()
    assert TrainingEvent.objects.count() == before
    response = national.post(
        "/en/learning/events/new/",
        {
            "programme": programme.pk,
            "start_date": "2026-05-10",
            "end_date": "2026-05-11",
            "venue": "Hall",
            "area": "11",
            "organiser": orgs["mosvy"].pk,
            "capacity": 20,
        },
    )
    created = TrainingEvent.objects.latest("id")
    assert response.status_code == 302 and response["Location"].endswith(f"/learning/events/{created.pk}/")
    assert created.sessions.count() == 2 and created.province_code == "11"


def test_moving_an_event_beyond_a_trainers_qualification_is_refused_on_the_form(national, event, officials, subject):
    from frontline.learning.tests.conftest import qualified_trainer

    trainer = qualified_trainer(officials["in_kandal"], subject, valid_until=datetime.date(2026, 5, 1))
    events.trainer_assign(acting_user=None, event=event, trainer=trainer, role="lead")
    form = {
        "title_km": event.title_km,
        "title_en": event.title_en,
        "start_date": "2026-06-10",
        "end_date": "2026-06-11",
        "venue": event.venue,
        "area": "11",
        "organiser": event.organiser_id,
        "capacity": event.capacity,
    }
    response = national.post(f"/en/learning/events/{event.pk}/edit/", form)
    assert response.status_code == 200
    body = response.content.decode()
    assert "holds no valid qualification in Social protection on the new dates" in body and "Ly Vibol" in body
    event.refresh_from_db()
    assert event.start_date == datetime.date(2026, 4, 18)
    km = national.post(f"/km/learning/events/{event.pk}/edit/", form).content.decode()
    assert "គាំពារសង្គម" in km and "holds no valid qualification" not in km
    # The way out the message names: an exception recorded on the assignment, from the event page.
    assignment = event.trainer_assignments.get()
    page = national.get(f"/en/learning/events/{event.pk}/").content.decode()
    exception_url = f"/en/learning/events/{event.pk}/trainers/{assignment.pk}/exception/"
    assert f'action="{exception_url}"' in page
    empty = national.post(exception_url.replace("/en/", "/km/"), {"reason": " "}, follow=True)
    assert "សូមបញ្ជាក់" in empty.content.decode()  # refused in Khmer, nothing recorded
    national.post(exception_url, {"reason": "Renewal under way"})
    assert national.post(f"/en/learning/events/{event.pk}/edit/", form).status_code == 302
    event.refresh_from_db()
    assert event.start_date == datetime.date(2026, 6, 10)


def test_a_quota_smaller_than_the_people_it_covers_is_refused_on_the_form(national, event, officials, orgs):
    from conftest import make_official

    kandal = [officials["in_kandal"], make_official(orgs["dosvy-08"], given_km="ខ", national_id="080000009")]
    for person in kandal:
        enrolment.event_enrol(acting_user=None, event=event, person=person)
    response = national.post(f"/km/learning/events/{event.pk}/quotas/", {"area": "08", "places": 1})
    assert response.status_code == 200
    assert "មាន ២ នាក់ដែលបានចុះឈ្មោះរួចហើយមកពី កណ្ដាល" in response.content.decode()
    assert event.quotas.count() == 1
    response = national.post(f"/km/learning/events/{event.pk}/quotas/", {"area": "08", "places": 2})
    assert response.status_code == 302
    assert {e.quota.area_id for e in event.enrolments.select_related("quota")} == {"08"}


def test_the_checklist_marks_without_javascript(national, running, freezer_start):
    session = running.sessions.order_by("date").first()
    participant = running.enrolments.first()
    url = f"/en/learning/events/{running.pk}/sessions/{session.pk}/"
    national.post(url, {"enrolment": participant.pk, "present": "1"})
    national.post(url, {"badge": running.enrolments.last().badge_code})
    assert AttendanceMark.objects.filter(session=session, present=True).count() == 2


def test_offline_sync_through_the_api_is_idempotent(national, running, freezer_start):
    session = running.sessions.order_by("date").first()
    marks = [
        {
            "client_uuid": str(uuid.uuid4()),
            "session": session.pk,
            "enrolment": e.pk,
            "present": True,
            "marked_at": "2026-04-18T09:00:00+07:00",
        }
        for e in running.enrolments.all()
    ]
    url = f"/api/v1/events/{running.pk}/attendance"
    first = national.post(url, {"marks": marks}, content_type="application/json").json()
    second = national.post(url, {"marks": marks}, content_type="application/json").json()
    assert [r["status"] for r in first["results"]] == ["saved"] * 3
    assert [r["status"] for r in second["results"]] == ["duplicate"] * 3
    assert AttendanceMark.objects.filter(session=session).count() == 3
    participants = national.get(f"/api/v1/events/{running.pk}/participants").json()
    assert participants["count"] == 3
    assert {p["attendance_rate"] for p in participants["items"]} == {1.0}


def _complete_with_certificates(event):
    for session in event.sessions.all():
        for participant in event.enrolments.all():
            from frontline.learning.services.attendance import attendance_mark

            attendance_mark(
                acting_user=None,
                session=session,
                enrolment=participant,
                marked_at=datetime.datetime.combine(session.date, datetime.time(9), datetime.UTC),
            )
    event.programme.requires_post_test = False
    event.programme.save()
    events.event_transition(acting_user=None, event=event, status=EventStatus.COMPLETED)
    return completion.certificates_issue_all(acting_user=None, event=event)


def test_certificates_pdf_verification_and_badge(national, client, running):
    issued = _complete_with_certificates(running)
    assert len(issued) == 3
    listed = national.get(f"/api/v1/certificates?event={running.pk}").json()
    assert sorted(item["number"] for item in listed["items"]) == sorted(c.number for c in issued)
    pdf = national.get(f"/en/learning/certificates/{issued[0].number}.pdf")
    assert pdf["Content-Type"] == "application/pdf" and pdf.content.startswith(b"%PDF")
    plain = certificates_pdf([issued[0]], compress=False)
    assert b"Noto-Sans-Khmer" in plain  # the Khmer font is embedded: Khmer is shaped, not boxes
    client.logout()
    page = client.get(f"/verify/{issued[0].number}", HTTP_ACCEPT_LANGUAGE="en")
    assert page.status_code == 200 and "This certificate is valid." in page.content.decode()
    assert issued[0].name_km in page.content.decode()
    assert client.get("/verify/FL-2026-AAAAAAAAAA").status_code == 404
    badge = client.get(f"/verify/{issued[0].number}/badge.json").json()
    assert badge["type"] == ["VerifiableCredential", "OpenBadgeCredential"]
    assert badge["credentialSubject"]["achievement"]["name"] == running.title_en
    completion.certificate_revoke(acting_user=None, certificate=issued[0], reason="Issued in error")
    revoked = client.get(f"/verify/{issued[0].number}", HTTP_ACCEPT_LANGUAGE="en")
    assert revoked.status_code == 410 and "revoked" in revoked.content.decode()
    assert client.get(f"/verify/{issued[0].number}/badge.json").status_code == 410


def test_the_badge_is_signed_and_verifies_against_the_published_key(client, running):
    """An Open Badges 3.0 verifier not written here (openbadgeslib) accepts the credential with
    the key the platform publishes, and refuses it once a word of it is changed."""
    from openbadgeslib.ob3.did import did_key_from_pem
    from openbadgeslib.ob3.ldp import OB3LdpVerifier
    from openbadgeslib.ob3.verifier import OB3VerificationError

    issued = _complete_with_certificates(running)
    badge = client.get(f"/verify/{issued[0].number}/badge.json").json()
    key = client.get("/verify/keys/badges.json").json()
    assert badge["proof"]["type"] == "DataIntegrityProof"
    assert badge["proof"]["cryptosuite"] == "eddsa-rdfc-2022"
    assert badge["proof"]["verificationMethod"] == key["id"]
    credential = OB3LdpVerifier(key["publicKeyPem"]).verify(badge)
    assert credential.achievement.name == running.title_en
    assert did_key_from_pem(key["publicKeyPem"]) == key["controller"]  # the did:key the proof names is that key
    assert client.get(f"/verify/{issued[0].number}/badge.json").json() == badge  # the same proof each time
    forged = badge | {"name": "Master of Everything"}
    with pytest.raises(OB3VerificationError):
        OB3LdpVerifier(key["publicKeyPem"]).verify(forged)


def test_a_participant_takes_the_post_test_through_their_link(client, running, freezer_start):
    from frontline.learning.models import AssessmentKind
    from frontline.learning.services.assessment import test_create

    now = freezer_start.now
    test = test_create(
        acting_user=None,
        event=running,
        kind=AssessmentKind.POST,
        opens_at=now - datetime.timedelta(hours=1),
        closes_at=now + datetime.timedelta(hours=1),
        question_count=4,
    )
    participant = running.enrolments.first()
    token = participant_token(participant)
    home = client.get(f"/en/learning/p/{token}/")
    assert home.status_code == 200 and f"/learning/p/{token}/tests/{test.pk}/" in home.content.decode()
    answers = {f"q{q.pk}": q.choices.get(is_correct=True).pk for q in test.questions.all()}
    response = client.post(f"/en/learning/p/{token}/tests/{test.pk}/", answers)
    assert response.status_code == 302
    participant.refresh_from_db()
    assert participant.post_score == 100.0
    again = client.post(f"/en/learning/p/{token}/tests/{test.pk}/", answers)
    assert "already answered" in again.content.decode()
    assert client.get(f"/en/learning/p/{token}/tests/{test.pk}/").status_code == 302  # no second look
    assert client.get("/en/learning/p/forged-token/").status_code == 404


def test_events_api_filters_by_area_and_search(national, event):
    assert national.get("/api/v1/events?area=11").json()["count"] == 1
    assert national.get("/api/v1/events?area=08").json()["count"] == 0
    found = national.get("/api/v1/events", {"q": "គាំពារ"}).json()
    assert [item["id"] for item in found["items"]] == [event.pk]
    assert national.get("/api/v1/events?q=sen%20monorom").json()["count"] == 1
    assert national.get("/api/v1/events?area=1x").status_code == 400


def test_an_event_in_the_list_reads_as_the_event_itself(national, event):
    """The list reads plain rows, the single event its model object: both through EventOut."""
    (item,) = national.get("/api/v1/events?area=11").json()["items"]
    assert item == national.get(f"/api/v1/events/{event.pk}").json()
    assert item["organiser"] == event.organiser.name_en and item["organiser_km"] == event.organiser.name_km
    assert (item["id"], item["start_date"], item["enrolled"]) == (event.pk, event.start_date.isoformat(), 0)


def test_the_dashboard_reads_rollups_within_scope(client, users, running, freezer_start, django_assert_max_num_queries):
    _complete_with_certificates(running)
    client.force_login(users[Role.NATIONAL_ADMIN])
    page = client.get("/en/learning/dashboard/?year=2026")
    assert page.status_code == 200
    assert page.context["totals"].completed == 3 and page.context["totals"].events == 1
    mondulkiri = next(tile for tile in page.context["tiles"] if tile["code"] == "11")
    assert mondulkiri["value"] == 2  # Sok Chanthy and Heng Sophea serve in Mondulkiri; Ly Vibol in Kandal
    client.force_login(users[Role.PROVINCIAL_OFFICER])
    province = client.get("/en/learning/dashboard/?year=2026&scope=area:08")  # outside: falls back to own scope
    assert province.context["scope"].key == "11" and province.context["totals"].completed == 2
    with django_assert_max_num_queries(12):
        client.get("/km/learning/dashboard/?year=2026")
    client.force_login(users[Role.PARTNER])
    assert client.get("/en/learning/dashboard/").context["totals"].completed == 0


def test_programme_summary_as_page_xlsx_and_pdf(client, users, running, freezer_start):
    import io

    from openpyxl import load_workbook

    _complete_with_certificates(running)
    client.force_login(users[Role.NATIONAL_ADMIN])
    query = f"programme={running.programme_id}&start=2026-01-01&end=2026-12-31"
    page = client.get(f"/en/learning/reports/programme/?{query}")
    assert page.status_code == 200
    summary = page.context["summary"]
    assert (summary.trained, summary.women_trained, summary.participants) == (3, 2, 3)
    assert "3 officials trained, 67% women" in page.content.decode()
    workbook = load_workbook(io.BytesIO(client.get(f"/en/learning/reports/programme/?{query}&format=xlsx").content))
    values = {row[0]: row[1] for row in workbook["Summary"].iter_rows(values_only=True)}
    assert values["Officials trained (completed)"] == 3 and values["Participants"] == 3
    pdf = client.get(f"/km/learning/reports/programme/?{query}&format=pdf")
    assert pdf["Content-Type"] == "application/pdf" and pdf.content.startswith(b"%PDF")
    bad = client.get(
        f"/en/learning/reports/programme/?programme={running.programme_id}&start=2026-12-31&end=2026-01-01"
    )
    assert "The end date cannot be before the start date." in bad.content.decode()
    client.force_login(users[Role.PARTNER])  # sees no event of this programme
    assert client.get(f"/en/learning/reports/programme/?{query}").status_code == 200


def test_follow_up_requested_then_answered_by_the_supervisor(client, users, running, monkeypatch):
    from django.utils import timezone

    from frontline.learning.models import FollowUp

    _complete_with_certificates(running)
    client.force_login(users[Role.NATIONAL_ADMIN])
    participant = running.enrolments.first()
    response = client.post(
        f"/en/learning/events/{running.pk}/follow-ups/",
        {"enrolment": participant.pk, "supervisor_name": "Chhour Sopanha", "supervisor_phone": "012 000 111"},
    )
    assert response.status_code == 302
    follow_up = FollowUp.objects.get(enrolment=participant)
    assert follow_up.due_from == running.end_date + datetime.timedelta(days=90)
    links = client.get(f"/en/learning/events/{running.pk}/links/")
    assert links.status_code == 200 and links.content.count(b"<svg") == 3
    client.logout()
    answer = {"applies_learning": 4, "behaviour_change": 5, "examples": "Visits families every week now"}
    soon_after = timezone.make_aware(datetime.datetime.combine(running.end_date, datetime.time(9)))
    monkeypatch.setattr(timezone, "now", lambda: soon_after + datetime.timedelta(days=10))
    early = client.post(f"/en/learning/follow-up/{follow_up.token}/", answer)
    assert "three months after the event" in early.content.decode()
    later = timezone.make_aware(datetime.datetime.combine(follow_up.due_from, datetime.time(9)))
    monkeypatch.setattr(timezone, "now", lambda: later)
    assert client.post(f"/en/learning/follow-up/{follow_up.token}/", answer).status_code == 302
    follow_up.refresh_from_db()
    assert (follow_up.applies_learning, follow_up.behaviour_change) == (4, 5)


def test_sync_refuses_marks_without_a_time_zone(national, running, freezer_start):
    session = running.sessions.order_by("date").first()
    mark = {
        "client_uuid": str(uuid.uuid4()),
        "session": session.pk,
        "enrolment": running.enrolments.first().pk,
        "present": True,
        "marked_at": "2026-04-18T09:00:00",
    }
    response = national.post(
        f"/api/v1/events/{running.pk}/attendance", {"marks": [mark]}, content_type="application/json"
    )
    assert response.status_code == 400 and "marks.0.marked_at" in response.json()["errors"]


def test_organisers_cannot_plan_events_or_plans_outside_their_scope(client, users, programme, orgs):
    from frontline.learning.models import TrainingPlan

    client.force_login(users[Role.PROVINCIAL_OFFICER])  # Mondulkiri
    before = TrainingEvent.objects.count()
    response = client.post(
        "/en/learning/events/new/",
        {
            "programme": programme.pk,
            "start_date": "2026-05-10",
            "end_date": "2026-05-11",
            "venue": "Hall",
            "area": "08",
            "organiser": orgs["dosvy-11"].pk,
            "capacity": 20,
        },
    )
    assert response.status_code == 200 and "within your scope" in response.content.decode()
    assert TrainingEvent.objects.count() == before
    response = client.post("/en/learning/plans/new/", {"year": 2027, "title_km": "ក", "title_en": "K", "area": "08"})
    assert response.status_code == 200 and not TrainingPlan.objects.exists()


def test_a_grant_limited_to_an_organisation_in_an_area_gets_no_wider_dashboard(client, orgs, areas):
    from frontline.accounts.models import RoleAssignment, User
    from frontline.accounts.roles import Role as R

    partner = User.objects.create_user(username="moi-in-11", password="pass-word-123")
    RoleAssignment.objects.create(user=partner, role=R.PARTNER, organisation=orgs["moi"], area=areas["11"])
    client.force_login(partner)
    assert client.get("/en/learning/dashboard/").status_code == 404  # not all of Mondulkiri


def test_a_question_is_authored_with_its_answers_in_both_languages(national, programme):
    from frontline.learning.models import Question

    url = f"/en/learning/programmes/{programme.pk}/questions/new/"
    before = Question.objects.count()
    bad = national.post(
        url,
        {
            "text_km": "សំណួរ",
            "text_en": "Question",
            "answer_1_km": "ក",
            "answer_1_en": "a",
            "answer_2_km": "ខ",
            "correct": 3,
        },
    )
    page = bad.content.decode()
    assert bad.status_code == 200 and "Give this answer in both languages." in page
    assert "Mark one of the answers given as the right one." in page and Question.objects.count() == before
    good = national.post(
        url,
        {
            "text_km": "សំណួរ",
            "text_en": "Question",
            "answer_1_km": "ក",
            "answer_1_en": "a",
            "answer_2_km": "ខ",
            "answer_2_en": "b",
            "correct": 2,
        },
    )
    assert good.status_code == 302
    question = Question.objects.latest("id")
    assert [c.is_correct for c in question.choices.all()] == [False, True]


def test_the_participants_table_escapes_names_and_links_each_row(national, running, officials):
    person = officials["in_kandal"]
    person.family_name_km = '<b onclick="x()">ឈ្មោះ</b>'
    person.given_name_latin = "O'Neil & <i>"
    person.save()
    issued = _complete_with_certificates(running)
    html = national.get(f"/en/learning/events/{running.pk}/").content.decode()
    assert "<b onclick" not in html and "&lt;b onclick=&quot;x()&quot;&gt;ឈ្មោះ&lt;/b&gt;" in html
    assert "O&#x27;Neil &amp; &lt;i&gt;" in html
    for certificate in issued:
        assert f'href="/en/learning/certificates/{certificate.number}.pdf"' in html
        assert f'action="/en/learning/certificates/{certificate.number}/revoke/"' in html
    assert f'href="/en/learning/officials/{person.pk}/transcript/"' in html
    assert html.count('name="csrfmiddlewaretoken"') >= len(issued)


def test_the_transcript_measures_an_official_against_the_profile_of_their_position(national, officials, competency):
    from frontline.learning.models import PositionProfile

    # A profile whose Khmer name is the English name of the other, first by code and by id:
    # the English name wins.
    PositionProfile.objects.create(code="clash", name_km="Social officer", name_en="Clash", level="technical")
    profile = PositionProfile.objects.create(
        code="worker", name_km="មន្ត្រីសង្គមកិច្ច", name_en="Social officer", level="technical"
    )
    profile.competencies.add(competency)
    person = officials["in_kandal"]
    for position in ("មន្ត្រីសង្គមកិច្ច", "Social officer", "SOCIAL OFFICER"):
        person.position = position
        person.save()
        html = national.get(f"/en/learning/officials/{person.pk}/transcript/").content.decode()
        assert "Still required by the position of Social officer:" in html
        assert "Social protection frameworks" in html  # required, not gained
    person.position = "Driver"
    person.save()
    html = national.get(f"/en/learning/officials/{person.pk}/transcript/").content.decode()
    assert "Still required by the position of" not in html
