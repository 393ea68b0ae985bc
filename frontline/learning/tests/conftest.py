"""Learning fixtures on top of the root conftest's areas, organisations, officials and users."""

import datetime
from decimal import Decimal

import pytest

from frontline.learning.models import (
    Choice,
    CompetencyDomain,
    DeliveryMode,
    QualificationSubject,
    Question,
    QuestionBank,
    TargetGroup,
)
from frontline.learning.services import events as event_services
from frontline.learning.services import programmes as programme_services
from frontline.learning.services import trainers as trainer_services
from frontline.learning.services.programmes import competency_save
from frontline.organisations.models import OrgKind
from frontline.organisations.services import organisation_create

START = datetime.date(2026, 4, 18)


@pytest.fixture
def rsa(orgs):
    return organisation_create(
        acting_user=None,
        code="rsa",
        kind=OrgKind.TRAINING_INSTITUTION,
        name_km="សាលាភូមិន្ទរដ្ឋបាល",
        name_en="Royal School of Administration",
    )


@pytest.fixture
def subject(db):
    return QualificationSubject.objects.create(
        code="social-protection", name_km="គាំពារសង្គម", name_en="Social protection"
    )


@pytest.fixture
def competency(db):
    domain = CompetencyDomain.objects.create(code="social", name_km="សង្គមកិច្ច", name_en="Social services")
    return competency_save(
        acting_user=None,
        code="sp-frameworks",
        domain=domain,
        level="technical",
        name_km="ក្របខ័ណ្ឌគាំពារសង្គម",
        name_en="Social protection frameworks",
    )


@pytest.fixture
def programme(orgs, rsa, subject, competency):
    """The Mondulkiri social protection training's programme, one 2-module version, a question bank."""
    programme = programme_services.programme_create(
        acting_user=None,
        code="sp-basics",
        title_km="ប្រព័ន្ធគាំពារសង្គម",
        title_en="The social protection system: global, regional and national frameworks",
        institution=orgs["mosvy"],
        competencies=[competency],
        target_groups=[TargetGroup.objects.create(code="specialists", name_km="អ្នកឯកទេស", name_en="Specialists")],
        required_subjects=[subject],
    )
    version = programme_services.curriculum_version_create(
        acting_user=None, programme=programme, effective_from=datetime.date(2026, 1, 1)
    )
    for title in ("Global frameworks", "National framework"):
        programme_services.module_add(
            acting_user=None,
            version=version,
            title_km=title,
            title_en=title,
            hours=Decimal("6.0"),
            delivery_mode=DeliveryMode.FACE_TO_FACE,
            competencies=[competency],
        )
    bank = QuestionBank.objects.create(programme=programme, title_km="សំណួរ", title_en="Questions")
    for n in range(1, 6):
        question = Question.objects.create(bank=bank, text_km=f"សំណួរ {n}", text_en=f"Question {n}", order=n)
        Choice.objects.create(question=question, text_km="ត្រូវ", text_en="right", is_correct=True, order=1)
        Choice.objects.create(question=question, text_km="ខុស", text_en="wrong", is_correct=False, order=2)
    return programme


def qualified_trainer(person, subject, valid_until=None):
    """`person` registered as a trainer, qualified in `subject` since 2020 (until `valid_until`)."""
    trainer = trainer_services.trainer_register(acting_user=None, person=person)
    trainer_services.qualification_add(
        acting_user=None,
        trainer=trainer,
        subject=subject,
        certificate="Trainer of trainers",
        issued_on=datetime.date(2020, 1, 1),
        issuing_body="RSA",
        valid_until=valid_until,
    )
    return trainer


@pytest.fixture
def trainer(officials, subject):
    return qualified_trainer(officials["in_ministry"], subject)


@pytest.fixture
def event(programme, areas, orgs):
    """Two days in Mondulkiri, 4 places, 2 of them set aside for Mondulkiri."""
    event = event_services.event_create(
        acting_user=None,
        programme=programme,
        start_date=START,
        end_date=START + datetime.timedelta(days=1),
        venue="Sen Monorom provincial hall",
        area=areas["11"],
        organiser=orgs["mosvy"],
        capacity=4,
    )
    event_services.quota_set(acting_user=None, event=event, area=areas["11"], places=2)
    return event


class Clock:
    """The server's now, held still; `clock(moment)` moves it."""

    def __init__(self, moment: datetime.datetime):
        self.now = moment

    def __call__(self, moment: datetime.datetime) -> None:
        from django.utils import timezone

        self.now = timezone.make_aware(moment) if timezone.is_naive(moment) else moment


@pytest.fixture
def freezer_start(monkeypatch):
    """Now is the evening of the event's last day: both sessions have happened, nothing later has."""
    import django.utils.timezone as timezone

    clock = Clock(timezone.make_aware(datetime.datetime.combine(START + datetime.timedelta(days=1), datetime.time(18))))
    monkeypatch.setattr(timezone, "now", lambda: clock.now)
    return clock
