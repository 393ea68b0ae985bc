import datetime
import uuid

import pytest
from auditlog.models import LogEntry
from django.core.exceptions import ValidationError
from django.utils import timezone, translation

from conftest import make_official
from frontline.learning.models import (
    AssessmentKind,
    AttendanceMark,
    Enrolment,
    EnrolmentStatus,
    EventStatus,
    Rollup,
    SessionStatus,
    TrainingEvent,
    UnitCoverage,
)
from frontline.learning.rollups import coverage_refresh, rollups_rebuild
from frontline.learning.services import assessment, attendance, completion, enrolment, events
from frontline.learning.tests.conftest import START, qualified_trainer
from frontline.people.models import Sex

pytestmark = pytest.mark.django_db


def codes(error: ValidationError) -> set[str]:
    return {e.code for errors in error.error_dict.values() for e in errors}


def at(day: datetime.date, hour: int = 10) -> datetime.datetime:
    return timezone.make_aware(datetime.datetime.combine(day, datetime.time(hour)))


def test_an_event_has_one_session_per_day_and_refuses_bad_dates(event, programme, areas, orgs):
    assert [s.date for s in event.sessions.all()] == [START, START + datetime.timedelta(days=1)]
    with pytest.raises(ValidationError) as refused:
        events.event_create(
            acting_user=None,
            programme=programme,
            start_date=START,
            end_date=START - datetime.timedelta(days=1),
            venue="x",
            area=areas["11"],
            organiser=orgs["mosvy"],
            capacity=10,
        )
    assert "event_dates" in codes(refused.value)


def test_quotas_cannot_exceed_capacity_and_nothing_changes(event, areas):
    with pytest.raises(ValidationError) as refused:
        events.quota_set(acting_user=None, event=event, area=areas["08"], places=3)
    assert "quota_over_capacity" in codes(refused.value)
    assert event.quotas.count() == 1


def _quota_changes(enrolments) -> list:
    """What the audit log recorded of the enrolments' quota, oldest first."""
    entries = LogEntry.objects.get_for_objects(type(enrolments[0]).objects.filter(pk__in=[e.pk for e in enrolments]))
    updates = entries.filter(action=LogEntry.Action.UPDATE).order_by("id")
    return [(int(e.object_pk), e.changes_dict["quota"]) for e in updates if "quota" in e.changes_dict]


def test_a_quota_added_later_takes_in_the_people_already_enrolled(event, areas, orgs, users):
    kandal = [make_official(orgs["dosvy-08"], given_km=f"ខ{n}", national_id=f"0800{n}") for n in range(3)]
    first, second = (enrolment.event_enrol(acting_user=None, event=event, person=p) for p in kandal[:2])
    assert first.quota is None  # enrolled in the unreserved places: no quota for Kandal yet

    national = users["national_admin"]
    quota = events.quota_set(acting_user=national, event=event, area=areas["08"], places=2)
    assert {e.quota_id for e in event.enrolments.all()} == {quota.pk}
    assert _quota_changes([first, second]) == [
        (first.pk, ["None", str(quota.pk)]),
        (second.pk, ["None", str(quota.pk)]),
    ]
    updates = LogEntry.objects.get_for_objects(Enrolment.objects.all()).filter(action=LogEntry.Action.UPDATE)
    assert updates.count() == 2 and set(updates.values_list("actor", flat=True)) == {national.pk}  # who set it
    # Kandal's two places are taken: a third Kandal official waits, Mondulkiri's places stay theirs.
    assert enrolment.event_enrol(acting_user=None, event=event, person=kandal[2]).status == EnrolmentStatus.WAITLISTED
    for n in range(2):
        person = make_official(orgs["dosvy-11"], given_km=f"ក{n}", national_id=f"1100{n}")
        assert enrolment.event_enrol(acting_user=None, event=event, person=person).status == EnrolmentStatus.ENROLLED

    # Fewer places than the Kandal officials already in: refused, and nothing changes.
    with pytest.raises(ValidationError) as refused:
        events.quota_set(acting_user=None, event=event, area=areas["08"], places=1)
    assert codes(refused.value) == {"quota_below_used"} and list(refused.value.error_dict) == ["places"]
    quota.refresh_from_db()
    assert quota.places == 2 and event.enrolments.filter(quota=quota).count() == 3  # two in, one waiting

    # Removed: its people go back to the unreserved places, the one waiting keeps waiting.
    events.quota_set(acting_user=None, event=event, area=areas["08"], places=0)
    statuses = {e.person_id: (e.status, e.quota_id) for e in event.enrolments.filter(person__in=kandal)}
    assert statuses == {
        kandal[0].pk: (EnrolmentStatus.ENROLLED, None),
        kandal[1].pk: (EnrolmentStatus.ENROLLED, None),
        kandal[2].pk: (EnrolmentStatus.WAITLISTED, None),
    }
    assert _quota_changes([first])[-1] == (first.pk, [str(quota.pk), "None"])
    event.refresh_from_db()
    assert (event.enrolled_count, event.waitlist_count) == (4, 1)


def test_a_quota_is_refused_when_the_people_already_enrolled_exceed_it(event, areas, orgs):
    kandal = [make_official(orgs["dosvy-08"], given_km=f"ខ{n}", national_id=f"0800{n}") for n in range(2)]
    enrolled = [enrolment.event_enrol(acting_user=None, event=event, person=p) for p in kandal]
    logged = LogEntry.objects.count()
    with pytest.raises(ValidationError) as refused, translation.override("en"):
        events.quota_set(acting_user=None, event=event, area=areas["08"], places=1)
    assert codes(refused.value) == {"quota_below_used"}
    assert refused.value.message_dict["places"] == [
        "2 people already enrolled come from Kandal: this quota needs at least as many places."
    ]
    assert event.quotas.count() == 1 and LogEntry.objects.count() == logged
    assert [e.quota_id for e in event.enrolments.filter(pk__in=[e.pk for e in enrolled])] == [None, None]


def test_a_unit_quota_takes_its_people_from_the_area_quota_and_its_waiting_list(event, areas, orgs):
    department = [make_official(orgs["dosvy-11"], given_km=f"ក{n}", national_id=f"1100{n}") for n in range(3)]
    placed = [enrolment.event_enrol(acting_user=None, event=event, person=p) for p in department]
    assert [e.status for e in placed] == ["enrolled", "enrolled", "waitlisted"]  # Mondulkiri's 2 places
    events.event_update(acting_user=None, event=event, capacity=6)  # more room, but not for Mondulkiri
    assert event.enrolments.get(pk=placed[2].pk).status == EnrolmentStatus.WAITLISTED

    unit = events.quota_set(acting_user=None, event=event, organisation=orgs["dosvy-11"], places=3)
    rows = {e.pk: (e.status, e.quota_id) for e in event.enrolments.all()}
    assert rows == {e.pk: (EnrolmentStatus.ENROLLED, unit.pk) for e in placed}  # the one waiting got a place
    district = make_official(orgs["admin-1101"], given_km="ឃ", national_id="11010")
    assert enrolment.event_enrol(acting_user=None, event=event, person=district).status == EnrolmentStatus.ENROLLED

    # Without the unit's quota its three would fall back to Mondulkiri's, which has 2 places.
    with pytest.raises(ValidationError) as refused, translation.override("en"):
        events.quota_set(acting_user=None, event=event, organisation=orgs["dosvy-11"], places=0)
    assert codes(refused.value) == {"quota_overfilled"}
    (message,) = refused.value.message_dict["places"]
    assert "4 people already enrolled would then count against the quota of Mondul Kiri" in message
    assert event.quotas.filter(pk=unit.pk).exists()
    assert event.enrolments.filter(quota=unit).count() == 3


def test_places_follow_quotas_then_the_waiting_list_then_withdrawal_promotes(event, orgs, officials):
    mondulkiri = [make_official(orgs["dosvy-11"], given_km=f"ក{n}", national_id=f"1100{n}") for n in range(3)]
    kandal = [make_official(orgs["dosvy-08"], given_km=f"ខ{n}", national_id=f"0800{n}") for n in range(3)]
    placed = [enrolment.event_enrol(acting_user=None, event=event, person=p).status for p in mondulkiri + kandal]
    # 2 Mondulkiri places in the quota, 2 unreserved places for the others.
    assert placed == ["enrolled", "enrolled", "waitlisted", "enrolled", "enrolled", "waitlisted"]
    event.refresh_from_db()
    assert (event.enrolled_count, event.waitlist_count) == (4, 2)
    first = event.enrolments.get(person=mondulkiri[0])
    enrolment.enrolment_withdraw(acting_user=None, enrolment=first)
    assert event.enrolments.get(person=mondulkiri[2]).status == EnrolmentStatus.ENROLLED
    assert event.enrolments.get(person=kandal[2]).status == EnrolmentStatus.WAITLISTED


def test_a_participant_cannot_be_enrolled_twice(event, officials):
    enrolment.event_enrol(acting_user=None, event=event, person=officials["in_mondulkiri"])
    with pytest.raises(ValidationError) as refused:
        enrolment.event_enrol(acting_user=None, event=event, person=officials["in_mondulkiri"])
    assert "enrolled_twice" in codes(refused.value)
    assert event.enrolments.count() == 1


def test_trainer_without_qualification_needs_a_recorded_exception(event, trainer, officials, users, subject):
    from frontline.learning.services.trainers import trainer_register

    unqualified = trainer_register(acting_user=None, person=officials["in_kandal"])
    with pytest.raises(ValidationError) as refused:
        events.trainer_assign(acting_user=None, event=event, trainer=unqualified, role="co")
    assert "trainer_unqualified" in codes(refused.value)
    national = users["national_admin"]
    assignment = events.trainer_assign(
        acting_user=national, event=event, trainer=unqualified, role="co", exception_reason="Only expert available"
    )
    assert assignment.exception_by == national
    assert events.trainer_assign(acting_user=None, event=event, trainer=trainer, role="lead").exception_reason == ""


def test_new_dates_recheck_the_assigned_trainers_qualifications(event, officials, subject, users):
    expiring = qualified_trainer(officials["in_kandal"], subject, START + datetime.timedelta(days=30))
    events.trainer_assign(acting_user=None, event=event, trainer=expiring, role="lead")  # qualified on START
    sessions = sorted(event.sessions.values_list("date", flat=True))
    later = START + datetime.timedelta(days=60)  # after the qualification expires

    with pytest.raises(ValidationError) as refused, translation.override("en"):
        events.event_update(
            acting_user=None, event=event, start_date=later, end_date=later + datetime.timedelta(days=1)
        )
    assert list(refused.value.error_dict) == ["start_date"]
    assert codes(refused.value) == {"trainer_unqualified_on_dates"}
    (message,) = refused.value.message_dict["start_date"]
    assert message == (
        "លី វិបុល (Ly Vibol) holds no valid qualification in Social protection on the new dates: "
        "assign another trainer, or record why they may teach anyway."
    )
    # Nothing changed: neither the event (in the database or the caller's copy) nor its sessions.
    assert (event.start_date, event.end_date) == (START, START + datetime.timedelta(days=1))
    event.refresh_from_db()
    assert (event.start_date, event.end_date) == (START, START + datetime.timedelta(days=1))
    assert sorted(event.sessions.values_list("date", flat=True)) == sessions

    # Dates the qualification still covers, and changes that leave the dates alone, go through.
    events.event_update(acting_user=None, event=event, venue="Another hall")
    sooner = START + datetime.timedelta(days=10)
    events.event_update(acting_user=None, event=event, start_date=sooner, end_date=sooner)
    event.refresh_from_db()
    assert (event.start_date, event.venue) == (sooner, "Another hall")
    # The qualification must last the whole event: an end moved past its expiry is refused too.
    with pytest.raises(ValidationError) as too_long:
        events.event_update(acting_user=None, event=event, end_date=START + datetime.timedelta(days=40))
    assert codes(too_long.value) == {"trainer_unqualified_on_dates"}


def test_an_exception_recorded_on_an_assigned_trainer_lets_the_dates_move(event, officials, subject, users):
    """The refusal of new dates says "record why they may teach anyway": that is done on the
    assignment itself, audited, without removing and assigning the trainer again."""
    from auditlog.models import LogEntry

    expiring = qualified_trainer(officials["in_kandal"], subject, START + datetime.timedelta(days=30))
    assignment = events.trainer_assign(acting_user=None, event=event, trainer=expiring, role="lead")
    later = START + datetime.timedelta(days=60)
    national = users["national_admin"]
    with pytest.raises(ValidationError) as empty:
        events.trainer_exception_record(acting_user=national, assignment=assignment, reason="   ")
    assert codes(empty.value) == {"exception_reason_missing"}
    with pytest.raises(ValidationError) as long:
        events.trainer_exception_record(acting_user=national, assignment=assignment, reason="x" * 2001)
    assert codes(long.value) == {"exception_reason_long"}
    assignment.refresh_from_db()
    assert assignment.exception_reason == "" and assignment.exception_by is None
    events.trainer_exception_record(acting_user=national, assignment=assignment, reason="Renewal under way")
    assignment.refresh_from_db()
    assert (assignment.exception_reason, assignment.exception_by) == ("Renewal under way", national)
    entry = LogEntry.objects.get_for_object(assignment).filter(action=LogEntry.Action.UPDATE).get()
    assert entry.actor == national and "Renewal under way" in str(entry.changes_dict["exception_reason"])
    events.event_update(acting_user=None, event=event, start_date=later, end_date=later)
    event.refresh_from_db()
    assert event.start_date == later


def test_a_new_required_qualification_is_refused_while_a_trainer_of_a_coming_event_lacks_it(
    event, programme, officials, subject, users
):
    from frontline.learning.models import QualificationSubject
    from frontline.learning.services import programmes

    adult = QualificationSubject.objects.create(code="adult-learning", name_km="ការរៀនពេញវ័យ", name_en="Adult learning")
    trainer = qualified_trainer(officials["in_kandal"], subject, START + datetime.timedelta(days=30))
    assignment = events.trainer_assign(acting_user=None, event=event, trainer=trainer, role="lead")
    with pytest.raises(ValidationError) as refused, translation.override("en"):
        programmes.programme_update(acting_user=None, programme=programme, required_subjects=[subject, adult])
    assert list(refused.value.error_dict) == ["required_subjects"]
    assert codes(refused.value) == {"trainer_unqualified_for_programme"}
    (message,) = refused.value.message_dict["required_subjects"]
    assert "Ly Vibol" in message and event.title_en in message and "Adult learning" in message
    assert list(programme.required_subjects.all()) == [subject]  # nothing changed
    with pytest.raises(ValidationError) as in_khmer, translation.override("km"):
        programmes.programme_update(acting_user=None, programme=programme, required_subjects=[subject, adult])
    assert "សូមកត់ត្រាករណីលើកលែង" in in_khmer.value.message_dict["required_subjects"][0]
    # Refused the same to someone who cannot see the event, without naming its trainer or title.
    partner = users["partner"]
    assert not TrainingEvent.objects.visible_to(partner).filter(pk=event.pk).exists()
    with pytest.raises(ValidationError) as unseen, translation.override("en"):
        programmes.programme_update(acting_user=partner, programme=programme, required_subjects=[subject, adult])
    (message,) = unseen.value.message_dict["required_subjects"]
    assert message.startswith("1 more trainer, of an event outside your scope")
    assert "Ly Vibol" not in message and event.title_en not in message
    assert list(programme.required_subjects.all()) == [subject]
    # Recorded on that event, the exception lets the programme require more.
    events.trainer_exception_record(acting_user=users["national_admin"], assignment=assignment, reason="Co-teaching")
    programmes.programme_update(acting_user=None, programme=programme, required_subjects=[subject, adult])
    assert set(programme.required_subjects.all()) == {subject, adult}


def test_new_dates_keep_a_trainer_whose_exception_is_recorded_on_the_event(event, officials, subject, users):
    expired = qualified_trainer(officials["in_kandal"], subject, START - datetime.timedelta(days=1))
    qualified = qualified_trainer(officials["in_district"], subject, START + datetime.timedelta(days=30))
    national = users["national_admin"]
    events.trainer_assign(
        acting_user=national, event=event, trainer=expired, role="lead", exception_reason="Only expert available"
    )
    events.trainer_assign(acting_user=None, event=event, trainer=qualified, role="co")
    later = START + datetime.timedelta(days=60)
    with pytest.raises(ValidationError) as refused:  # the co-trainer has no exception on this event
        events.event_update(acting_user=None, event=event, start_date=later, end_date=later)
    (message,) = refused.value.message_dict["start_date"]
    assert "Heng Sophea" in message and "Ly Vibol" not in message
    events.trainer_unassign(acting_user=None, assignment=event.trainer_assignments.get(trainer=qualified))
    events.event_update(acting_user=None, event=event, start_date=later, end_date=later)
    event.refresh_from_db()
    assert event.start_date == later


def _running_with(event, people):
    enrolled = [enrolment.event_enrol(acting_user=None, event=event, person=p) for p in people]
    events.event_transition(acting_user=None, event=event, status=EventStatus.OPEN)
    events.event_transition(acting_user=None, event=event, status=EventStatus.RUNNING)
    return enrolled


def test_attendance_refuses_sessions_that_did_not_happen(event, officials, freezer_start):
    freezer_start(datetime.datetime.combine(START, datetime.time(10)))  # the first day
    (participant,) = _running_with(event, [officials["in_mondulkiri"]])
    first, second = event.sessions.order_by("date")
    with pytest.raises(ValidationError) as refused:
        attendance.attendance_mark(acting_user=None, session=second, enrolment=participant, marked_at=at(START))
    assert "session_future" in codes(refused.value)
    events.session_set_status(acting_user=None, session=second, status=SessionStatus.CANCELLED)
    with pytest.raises(ValidationError) as refused:
        attendance.attendance_mark(
            acting_user=None, session=second, enrolment=participant, marked_at=at(START + datetime.timedelta(days=1))
        )
    assert "session_cancelled" in codes(refused.value)
    with pytest.raises(ValidationError) as refused:  # a device whose clock runs a day ahead
        attendance.attendance_mark(
            acting_user=None, session=first, enrolment=participant, marked_at=at(START + datetime.timedelta(days=1))
        )
    assert "mark_future" in codes(refused.value)
    assert AttendanceMark.objects.count() == 0


def test_offline_sync_twice_neither_loses_nor_duplicates(event, officials):
    participants = _running_with(event, [officials["in_mondulkiri"], officials["in_district"]])
    session = event.sessions.order_by("date").first()
    batch = [
        {
            "client_uuid": uuid.uuid4(),
            "session": session.pk,
            "badge": p.badge_code,
            "present": True,
            "marked_at": at(START),
        }
        for p in participants
    ] + [{"client_uuid": uuid.uuid4(), "session": 999999, "badge": "nope", "present": True, "marked_at": at(START)}]
    first = attendance.attendance_sync(acting_user=None, event=event, marks=batch)
    again = attendance.attendance_sync(acting_user=None, event=event, marks=batch)
    assert [o.status for o in first] == ["saved", "saved", "rejected"], [o.errors for o in first]
    assert [o.status for o in again] == ["duplicate", "duplicate", "rejected"]
    assert AttendanceMark.objects.filter(session=session, present=True).count() == 2
    session.refresh_from_db()
    assert session.status == SessionStatus.HELD


def test_the_later_of_two_devices_marks_wins(event, officials):
    (participant,) = _running_with(event, [officials["in_mondulkiri"]])
    session = event.sessions.order_by("date").first()
    later = {
        "client_uuid": uuid.uuid4(),
        "session": session.pk,
        "badge": participant.badge_code,
        "present": False,
        "marked_at": at(START, 11),
    }
    earlier = {**later, "client_uuid": uuid.uuid4(), "present": True, "marked_at": at(START, 9)}
    attendance.attendance_sync(acting_user=None, event=event, marks=[later, earlier])
    assert AttendanceMark.objects.get(session=session).present is False


def _run_tests_and_attendance(event, participants, *, post_right: list[int]):
    pre = assessment.test_create(
        acting_user=None,
        event=event,
        kind=AssessmentKind.PRE,
        opens_at=at(START, 7),
        closes_at=at(START, 9),
        question_count=5,
    )
    post = assessment.test_create(
        acting_user=None,
        event=event,
        kind=AssessmentKind.POST,
        opens_at=at(START + datetime.timedelta(days=1), 14),
        closes_at=at(START + datetime.timedelta(days=1), 17),
        question_count=5,
    )
    for participant, right in zip(participants, post_right, strict=True):
        answers = {q.pk: q.choices.get(is_correct=(i < 1)).pk for i, q in enumerate(pre.questions.all())}
        assessment.test_submit(acting_user=None, test=pre, enrolment=participant, answers=answers, at=at(START, 8))
        answers = {q.pk: q.choices.get(is_correct=(i < right)).pk for i, q in enumerate(post.questions.all())}
        assessment.test_submit(
            acting_user=None,
            test=post,
            enrolment=participant,
            answers=answers,
            at=at(START + datetime.timedelta(days=1), 15),
        )
    return pre, post


def test_a_test_answered_after_its_close_is_refused(event, officials):
    (participant,) = _running_with(event, [officials["in_mondulkiri"]])
    test = assessment.test_create(
        acting_user=None,
        event=event,
        kind=AssessmentKind.PRE,
        opens_at=at(START, 7),
        closes_at=at(START, 9),
        question_count=3,
    )
    with pytest.raises(ValidationError) as refused:
        assessment.test_submit(acting_user=None, test=test, enrolment=participant, answers={}, at=at(START, 10))
    assert "test_closed" in codes(refused.value)
    participant.refresh_from_db()
    assert participant.pre_score is None


def test_completion_rule_certificates_rollups_and_coverage(event, officials, orgs):
    passes, absent, fails = officials["in_mondulkiri"], officials["in_district"], officials["in_kandal"]
    participants = _running_with(event, [passes, absent, fails])
    _run_tests_and_attendance(event, participants, post_right=[5, 5, 1])
    first, second = event.sessions.order_by("date")
    for session in (first, second):
        for participant in participants:
            attendance.attendance_mark(
                acting_user=None,
                session=session,
                enrolment=participant,
                present=participant.person != absent or session == first,
                marked_at=at(session.date),
            )
    events.event_transition(acting_user=None, event=event, status=EventStatus.COMPLETED)
    event.refresh_from_db()
    results = {e.person_id: (e.attendance_rate, e.completed) for e in event.enrolments.all()}
    assert results == {passes.pk: (1.0, True), absent.pk: (0.5, False), fails.pk: (1.0, False)}
    assert event.completed_count == 1

    with pytest.raises(ValidationError) as refused:
        completion.certificate_issue(acting_user=None, enrolment=event.enrolments.get(person=absent))
    assert "not_completed" in codes(refused.value)
    issued = completion.certificates_issue_all(acting_user=None, event=event)
    assert [c.person_id for c in issued] == [passes.pk]
    assert issued[0].hours == 12 and issued[0].number.startswith("FL-2026-")

    national = Rollup.objects.get(year=2026, dimension="area", key="", level="technical", sex=Sex.FEMALE)
    assert (national.participants, national.completed) == (2, 1)  # Sok Chanthy and Heng Sophea are women
    assert national.gain_count == 2 and national.gain_sum == pytest.approx(80 + 80)  # 20% before, 100% after
    event_row = Rollup.objects.get(year=2026, dimension="area", key="11", level="", sex="")
    assert (event_row.events, event_row.event_participants, event_row.event_completed) == (1, 3, 1)
    before = {(r.dimension, r.key, r.level, r.sex): r.participants for r in Rollup.objects.all()}
    rollups_rebuild()
    assert {(r.dimension, r.key, r.level, r.sex): r.participants for r in Rollup.objects.all()} == before
    coverage_refresh(as_of=START + datetime.timedelta(days=30))
    coverage = UnitCoverage.objects.get(organisation=orgs["dosvy-11"])
    assert (coverage.officials, coverage.trained) == (1, 1)
    assert UnitCoverage.objects.get(organisation=orgs["admin-1101"]).trained == 0  # Heng Sophea missed a day
    coverage_refresh(as_of=START + datetime.timedelta(days=400))
    assert UnitCoverage.objects.get(organisation=orgs["dosvy-11"]).trained == 0  # a year has passed


def test_a_national_grant_reaches_everything_even_beside_other_conditions(event, users):
    """Django drops an empty Q() from an OR; scoping must not turn "everything or X" into X."""
    from django.db.models import Q

    from frontline.accounts.scoping import any_of

    assert not any_of(Q(), Q(pk=-1))  # still the empty condition: everything
    assert TrainingEvent.objects.visible_to(users["national_admin"]).count() == 1


def test_counters_survive_changes_made_through_a_stale_copy_of_the_event(event, officials):
    stale = type(event).objects.get(pk=event.pk)  # loaded before anyone enrols
    _running_with(event, [officials["in_mondulkiri"], officials["in_district"]])
    events.event_update(acting_user=None, event=stale, venue="Another hall")
    events.event_transition(acting_user=None, event=stale, status=EventStatus.CANCELLED, reason="Flooded roads")
    event.refresh_from_db()
    assert (event.enrolled_count, event.venue, event.status) == (2, "Another hall", EventStatus.CANCELLED)


def test_follow_ups_are_answered_within_their_window_only(event, officials, freezer_start):
    (participant,) = _running_with(event, [officials["in_mondulkiri"]])
    for session in event.sessions.all():
        attendance.attendance_mark(acting_user=None, session=session, enrolment=participant, marked_at=at(session.date))
    event.programme.requires_post_test = False
    event.programme.save()
    events.event_transition(acting_user=None, event=event, status=EventStatus.COMPLETED)
    participant.refresh_from_db()
    follow_up = assessment.follow_up_request(acting_user=None, enrolment=participant, supervisor_name="Chhour")
    answer = {"applies_learning": 4, "behaviour_change": 4}
    with pytest.raises(ValidationError) as refused:
        assessment.follow_up_answer(
            acting_user=None, follow_up=follow_up, at=at(follow_up.due_until + datetime.timedelta(days=1)), **answer
        )
    assert "follow_up_late" in codes(refused.value)
    assessment.follow_up_answer(acting_user=None, follow_up=follow_up, at=at(follow_up.due_until), **answer)


def test_tests_and_evaluations_follow_the_event(event, officials, freezer_start):
    participant = enrolment.event_enrol(acting_user=None, event=event, person=officials["in_mondulkiri"])
    test = assessment.test_create(
        acting_user=None,
        event=event,
        kind=AssessmentKind.PRE,
        opens_at=at(START, 7),
        closes_at=at(START, 9),
        question_count=2,
    )
    with pytest.raises(ValidationError) as refused:  # the event is only planned: not taking answers
        assessment.test_submit(acting_user=None, test=test, enrolment=participant, answers={}, at=at(START, 8))
    assert "event_not_running" in codes(refused.value)
    with pytest.raises(ValidationError) as refused:
        assessment.evaluation_submit(acting_user=None, enrolment=participant, content=5, relevance=5, organisation=5)
    assert "event_not_started" in codes(refused.value)


def test_more_places_go_to_the_longest_waiting(event, orgs):
    people = [make_official(orgs["dosvy-08"], given_km=f"គ{n}", national_id=f"0801{n}") for n in range(4)]
    for person in people:
        enrolment.event_enrol(acting_user=None, event=event, person=person)
    event.refresh_from_db()
    assert (event.enrolled_count, event.waitlist_count) == (2, 2)  # 2 of 4 places are Mondulkiri's
    events.event_update(acting_user=None, event=event, capacity=5)
    statuses = [event.enrolments.get(person=p).status for p in people]
    assert statuses == ["enrolled", "enrolled", "enrolled", "waitlisted"]


def test_costs_beyond_any_event_are_refused(event):
    with pytest.raises(ValidationError):
        events.budget_line_set(acting_user=None, event=event, category="venue", planned=10**16)
    assert event.budget_lines.count() == 0


def test_a_withdrawn_participant_can_be_put_forward_again_in_a_list(event, officials):
    first = enrolment.event_enrol(acting_user=None, event=event, person=officials["in_kandal"])
    enrolment.enrolment_withdraw(acting_user=None, enrolment=first)
    (again,) = enrolment.event_enrol_many(acting_user=None, event=event, people=[officials["in_kandal"]])
    assert again.pk == first.pk and again.status == EnrolmentStatus.ENROLLED
    event.refresh_from_db()
    assert event.enrolled_count == 1
