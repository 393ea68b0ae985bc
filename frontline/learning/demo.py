"""Capacity development demo data for `make run`, from the articles in ../shared/seeds:

- the two-day social protection training in Mondulkiri (seed 000): 42 specialists from
  Kandal, Prey Veng, Tboung Khmum, Kratie, Ratanak Kiri and Mondul Kiri, opened by the
  ministry's social welfare director and the province's deputy governor; completed, with
  attendance, tests, evaluations and certificates;
- the School of Governance (seed 004): Ministry of Interior and TI Cambodia, phase I
  2016-2020 (52 target groups, about 1,000 officials) and phase II 2021-2025;
- a leadership course of the Royal School of Administration running today, and an event
  open for nominations next month.

Everything goes through the services, as a user's actions would.
"""

import datetime
import random
from decimal import Decimal

from django.utils import timezone

from frontline.organisations.models import Organisation, OrgKind
from frontline.organisations.services import organisation_create
from frontline.people.models import Person

from .models import (
    AssessmentKind,
    Choice,
    CompetencyDomain,
    DeliveryMode,
    EventStatus,
    PartnerRole,
    PositionProfile,
    QualificationSubject,
    Question,
    QuestionBank,
    TargetGroup,
)
from .services import assessment, attendance, completion, enrolment, events, programmes, trainers

PROVINCES = ["08", "14", "25", "10", "16", "11"]  # the six provinces of the Mondulkiri training

DOMAINS = [
    ("social", "សេវាសង្គម", "Social services", 1),
    ("governance", "អភិបាលកិច្ចល្អ", "Good governance", 2),
    ("leadership", "ភាពជាអ្នកដឹកនាំ", "Leadership and management", 3),
]
COMPETENCIES = [
    (
        "sp-frameworks",
        "social",
        "technical",
        "ក្របខ័ណ្ឌប្រព័ន្ធគាំពារសង្គម",
        "Social protection frameworks",
        "ស្គាល់ក្របខ័ណ្ឌសកល តំបន់ និងជាតិនៃប្រព័ន្ធគាំពារសង្គម។",
        "Knows the global, regional and national frameworks of social protection.",
    ),
    (
        "case-management",
        "social",
        "technical",
        "ការគ្រប់គ្រងករណី",
        "Case management",
        "គ្រប់គ្រងករណីកុមារ និងគ្រួសារងាយរងគ្រោះតាមស្តង់ដារ។",
        "Manages the cases of vulnerable children and families to the minimum standards.",
    ),
    (
        "one-window",
        "governance",
        "technical",
        "សេវាច្រកចេញចូលតែមួយ",
        "One window service delivery",
        "ផ្តល់សេវារដ្ឋបាលប្រកបដោយតម្លាភាព និងទាន់ពេលវេលា។",
        "Delivers administrative services transparently and on time.",
    ),
    (
        "integrity",
        "governance",
        "management",
        "សុចរិតភាព និងគណនេយ្យភាព",
        "Integrity and accountability",
        "លើកកម្ពស់សុចរិតភាព និងឆ្លើយតបនឹងកង្វល់របស់ប្រជាពលរដ្ឋ។",
        "Upholds integrity and answers citizens' concerns.",
    ),
    (
        "leading-teams",
        "leadership",
        "management",
        "ការដឹកនាំក្រុមការងារ",
        "Leading teams",
        "ដឹកនាំក្រុមការងារឆ្ពោះទៅរកលទ្ធផល។",
        "Leads teams to results.",
    ),
]
TARGET_GROUPS = [
    ("provincial-specialists", "អ្នកឯកទេសមន្ទីរសង្គមកិច្ចខេត្ត", "Provincial social affairs specialists"),
    ("subnational-officials", "មន្ត្រីរដ្ឋបាលថ្នាក់ក្រោមជាតិ", "Sub-national administration officials"),
    ("owso-staff", "មន្ត្រីការិយាល័យច្រកចេញចូលតែមួយ", "One Window Service Office staff"),
    ("managers", "ថ្នាក់ដឹកនាំ និងគ្រប់គ្រង", "Managers"),
]
SUBJECTS = [
    ("social-protection", "គាំពារសង្គម", "Social protection"),
    ("governance", "អភិបាលកិច្ច និងសុចរិតភាព", "Governance and integrity"),
    ("adult-learning", "វិធីសាស្ត្របង្រៀនមនុស្សពេញវ័យ", "Adult learning methods"),
]


def seed_learning_demo() -> None:
    if QuestionBank.objects.exists():
        return  # already loaded: `make run` reuses its database
    _catalogue()
    institutions = _institutions()
    social, sog, leadership = _programmes(institutions)
    trainer_list = _trainers(institutions)
    _mondulkiri_training(social, trainer_list[0])
    _school_of_governance_event(sog, trainer_list[1])
    _running_leadership_course(leadership, trainer_list[2])
    _open_event(social)
    _plans(social)
    _indicators()


def _catalogue() -> None:
    domains = {
        code: CompetencyDomain.objects.create(code=code, name_km=km, name_en=en, order=order)
        for code, km, en, order in DOMAINS
    }
    for code, domain, level, km, en, desc_km, desc_en in COMPETENCIES:
        programmes.competency_save(
            acting_user=None,
            code=code,
            domain=domains[domain],
            level=level,
            name_km=km,
            name_en=en,
            description_km=desc_km,
            description_en=desc_en,
        )
    for code, km, en in TARGET_GROUPS:
        TargetGroup.objects.create(code=code, name_km=km, name_en=en)
    for code, km, en in SUBJECTS:
        QualificationSubject.objects.create(code=code, name_km=km, name_en=en)
    social_worker = PositionProfile.objects.create(
        code="social-worker", name_km="មន្ត្រីសង្គមកិច្ច", name_en="Social worker", level="technical"
    )
    social_worker.competencies.set(_competencies("sp-frameworks", "case-management"))


def _competencies(*codes):
    from .models import Competency

    return list(Competency.objects.filter(code__in=codes))


def _institutions() -> dict[str, Organisation]:
    ti = Organisation.objects.get(code="ti-cambodia")
    school = organisation_create(
        acting_user=None,
        parent=ti,
        code="ti-sog",
        kind=OrgKind.TRAINING_INSTITUTION,
        name_km="សាលាអភិបាលកិច្ច",
        name_en="School of Governance",
        abbreviation="SoG",
    )
    return {
        "mosvy": Organisation.objects.get(code="mosvy-dsw"),
        "moi": Organisation.objects.get(code="moi"),
        "rsa": Organisation.objects.get(code="rsa"),
        "ti": ti,
        "sog": school,
    }


def _module(version, km, en, hours, mode=DeliveryMode.FACE_TO_FACE, competencies=()):
    programmes.module_add(
        acting_user=None,
        version=version,
        title_km=km,
        title_en=en,
        hours=Decimal(hours),
        delivery_mode=mode,
        competencies=_competencies(*competencies),
    )


def _question_bank(programme, questions) -> None:
    bank = QuestionBank.objects.create(programme=programme, title_km="សំណួរមូលដ្ឋាន", title_en="Core questions")
    for order, (km, en, right_km, right_en, wrong) in enumerate(questions, start=1):
        question = Question.objects.create(bank=bank, text_km=km, text_en=en, order=order)
        Choice.objects.create(question=question, text_km=right_km, text_en=right_en, is_correct=True, order=1)
        for n, (wrong_km, wrong_en) in enumerate(wrong, start=2):
            Choice.objects.create(question=question, text_km=wrong_km, text_en=wrong_en, order=n)


def _programmes(institutions):
    subjects = {s.code: s for s in QualificationSubject.objects.all()}
    groups = {g.code: g for g in TargetGroup.objects.all()}
    social = programmes.programme_create(
        acting_user=None,
        code="social-protection-frameworks",
        title_km="ប្រព័ន្ធគាំពារសង្គម៖ ក្របខ័ណ្ឌសកល តំបន់ និងជាតិ",
        title_en="The social protection system: global, regional and national frameworks",
        summary_km="ពង្រឹង និងផ្តល់ចំណេះដឹងមូលដ្ឋានអំពីប្រព័ន្ធគាំពារសង្គម ដល់មន្ត្រីរដ្ឋបាលថ្នាក់ក្រោមជាតិ។",
        summary_en="Strengthens and gives basic knowledge of the social protection system to sub-national officials.",
        institution=institutions["mosvy"],
        competencies=_competencies("sp-frameworks", "case-management"),
        target_groups=[groups["provincial-specialists"]],
        required_subjects=[subjects["social-protection"]],
    )
    version = programmes.curriculum_version_create(
        acting_user=None,
        programme=social,
        effective_from=datetime.date(2022, 4, 4),
        notes="Follows the Strategic Plan on the Social Services Workforce 2022-2031.",
    )
    _module(version, "ក្របខ័ណ្ឌសកល និងតំបន់", "Global and regional frameworks", "3", competencies=["sp-frameworks"])
    _module(
        version, "គោលនយោបាយជាតិគាំពារសង្គម", "The national social protection policy", "4", competencies=["sp-frameworks"]
    )
    _module(
        version,
        "តួនាទីរបស់កម្មករសង្គមថ្នាក់ស្រុក និងឃុំ",
        "Roles of district and commune social workers",
        "3",
        competencies=["case-management"],
    )
    _module(
        version, "ការអនុវត្តជាក់ស្តែង", "Practice: from policy to front-line service", "2", competencies=["case-management"]
    )
    _question_bank(
        social,
        [
            (
                "តើផែនការយុទ្ធសាស្ត្រកម្លាំងពលកម្មសេវាសង្គមគ្របដណ្តប់ឆ្នាំណាខ្លះ?",
                "Which years does the Strategic Plan on the Social Services Workforce cover?",
                "២០២២–២០៣១",
                "2022-2031",
                [("២០១៦–២០២០", "2016-2020"), ("២០២៥–២០៣០", "2025-2030")],
            ),
            (
                "តើផែនការកំណត់គោលដៅកម្មករសង្គមប៉ុន្មាននាក់ក្នុងមួយឃុំ?",
                "How many social workers per commune does the plan aim for?",
                "យ៉ាងតិចពីរនាក់",
                "At least two",
                [("មួយនាក់", "One"), ("ប្រាំនាក់", "Five")],
            ),
            (
                "តើក្រសួងណាដឹកនាំប្រព័ន្ធគាំពារសង្គម?",
                "Which ministry leads social welfare services?",
                "ក្រសួងសង្គមកិច្ច",
                "The Ministry of Social Affairs",
                [("ក្រសួងមហាផ្ទៃ", "The Ministry of Interior")],
            ),
            (
                "តើអ្វីជាលក្ខណៈដែលមន្ត្រីគ្រប់ថ្នាក់ត្រូវមាន?",
                "Which traits must officials at all levels show?",
                "គុណភាព ភាពច្បាស់លាស់ និងការប្រាស្រ័យទាក់ទងទាន់ពេល",
                "Quality, clarity and timely communication",
                [("ល្បឿនតែប៉ុណ្ណោះ", "Speed alone")],
            ),
            (
                "តើកម្មករសង្គមថ្នាក់ឃុំធ្វើអ្វី?",
                "What does a commune social worker do?",
                "តាមដាន និងជួយគ្រួសារងាយរងគ្រោះ",
                "Follows up and helps vulnerable families",
                [("ប្រមូលពន្ធ", "Collects taxes")],
            ),
        ],
    )
    sog = programmes.programme_create(
        acting_user=None,
        code="school-of-governance",
        title_km="សាលាអភិបាលកិច្ច៖ អភិបាលកិច្ចល្អ និងសុចរិតភាពពលរដ្ឋ",
        title_en="School of Governance: good governance and civic integrity",
        summary_en="Capacity building of public officials and service providers on good governance and integrity.",
        summary_km="ការកសាងសមត្ថភាពមន្ត្រីសាធារណៈ និងអ្នកផ្តល់សេវា លើអភិបាលកិច្ចល្អ និងសុចរិតភាព។",
        institution=institutions["sog"],
        competencies=_competencies("one-window", "integrity"),
        target_groups=[groups["subnational-officials"], groups["owso-staff"]],
        required_subjects=[subjects["governance"]],
        requires_post_test=False,
    )
    programmes.partner_add(
        acting_user=None,
        programme=sog,
        organisation=institutions["moi"],
        role=PartnerRole.CO_ORGANISER,
        agreement="MoU, School of Governance phase II",
        start_date=datetime.date(2021, 1, 21),
        end_date=datetime.date(2025, 12, 31),
    )
    programmes.phase_add(
        acting_user=None,
        programme=sog,
        start_date=datetime.date(2016, 1, 1),
        end_date=datetime.date(2020, 12, 31),
        planned_target_groups=52,
        planned_officials=1000,
    )
    programmes.phase_add(
        acting_user=None,
        programme=sog,
        start_date=datetime.date(2021, 1, 21),
        end_date=datetime.date(2025, 12, 31),
        planned_target_groups=60,
        planned_officials=1200,
    )
    version = programmes.curriculum_version_create(
        acting_user=None, programme=sog, effective_from=datetime.date(2021, 1, 21)
    )
    _module(version, "អភិបាលកិច្ចល្អ និងគណនេយ្យភាព", "Good governance and accountability", "6", competencies=["integrity"])
    _module(
        version,
        "សេវាច្រកចេញចូលតែមួយ",
        "One Window Service delivery",
        "6",
        DeliveryMode.BLENDED,
        competencies=["one-window"],
    )
    leadership = programmes.programme_create(
        acting_user=None,
        code="rsa-leadership",
        title_km="ភាពជាអ្នកដឹកនាំ និងវប្បធម៌សេវាសាធារណៈ",
        title_en="Leadership and public service culture",
        institution=institutions["rsa"],
        competencies=_competencies("leading-teams", "integrity"),
        target_groups=[groups["managers"]],
        required_subjects=[subjects["adult-learning"]],
        requires_post_test=False,
    )
    version = programmes.curriculum_version_create(
        acting_user=None, programme=leadership, effective_from=datetime.date(2024, 1, 1)
    )
    _module(version, "ការគ្រប់គ្រងផ្អែកលើលទ្ធផល", "Results-based management", "8", competencies=["leading-teams"])
    _module(version, "ក្រមសីលធម៌វិជ្ជាជីវៈ", "Professional ethics", "4", competencies=["integrity"])
    return social, sog, leadership


def _trainers(institutions):
    people = Person.objects.officials().filter(organisation__code__in=["mosvy", "mosvy-dsw", "moi", "rsa"])
    chosen = list(people.order_by("id")[:3])
    subjects = {s.code: s for s in QualificationSubject.objects.all()}
    specs = [
        ("social-protection", institutions["mosvy"]),
        ("governance", institutions["sog"]),
        ("adult-learning", institutions["rsa"]),
    ]
    result = []
    for person, (subject, institution) in zip(chosen, specs, strict=True):
        trainer = trainers.trainer_register(acting_user=None, person=person, institution=institution)
        trainers.qualification_add(
            acting_user=None,
            trainer=trainer,
            subject=subjects[subject],
            certificate="Trainer of trainers",
            issued_on=datetime.date(2019, 6, 1),
            issuing_body="Royal School of Administration",
        )
        result.append(trainer)
    return result


def _at(day: datetime.date, hour: int) -> datetime.datetime:
    return timezone.make_aware(datetime.datetime.combine(day, datetime.time(hour)))


def _mondulkiri_training(programme, trainer) -> None:
    from frontline.geography.models import Area

    rng = random.Random(418)
    start = datetime.date(2026, 4, 18)
    event = events.event_create(
        acting_user=None,
        programme=programme,
        start_date=start,
        end_date=start + datetime.timedelta(days=1),
        venue="សាលប្រជុំសាលាខេត្តមណ្ឌលគិរី, Sen Monorom",
        area=Area.objects.get(code="11"),
        organiser=Organisation.objects.get(code="mosvy-dsw"),
        capacity=45,
        opening_guests="Chhour Sopanha, Director of Social Welfare, MoSVY\nVin Sithuon, Deputy Governor of Mondulkiri",
        target_groups=list(programme.target_groups.all()),
    )
    for code in PROVINCES:
        events.quota_set(acting_user=None, event=event, area=Area.objects.get(code=code), places=7)
    events.trainer_assign(acting_user=None, event=event, trainer=trainer, role="lead")
    for code in PROVINCES:
        for person in Person.objects.filter(organisation__code=f"dosvy-{code}").order_by("id")[:7]:
            enrolment.event_enrol(acting_user=None, event=event, person=person)
    events.budget_line_set(acting_user=None, event=event, category="venue", planned=1_200_000, actual=1_200_000)
    events.budget_line_set(acting_user=None, event=event, category="per_diem", planned=16_800_000, actual=16_400_000)
    events.budget_line_set(acting_user=None, event=event, category="transport", planned=8_400_000, actual=9_100_000)
    events.budget_line_set(acting_user=None, event=event, category="materials", planned=900_000, actual=850_000)
    events.event_transition(acting_user=None, event=event, status=EventStatus.OPEN)
    events.event_transition(acting_user=None, event=event, status=EventStatus.RUNNING)
    _tests_attendance_evaluations(event, rng)
    events.event_transition(acting_user=None, event=event, status=EventStatus.COMPLETED)
    completion.certificates_issue_all(acting_user=None, event=event)


def _tests_attendance_evaluations(event, rng) -> None:
    first, last = event.start_date, event.end_date
    pre = assessment.test_create(
        acting_user=None,
        event=event,
        kind=AssessmentKind.PRE,
        opens_at=_at(first, 7),
        closes_at=_at(first, 9),
        question_count=5,
    )
    post = assessment.test_create(
        acting_user=None,
        event=event,
        kind=AssessmentKind.POST,
        opens_at=_at(last, 14),
        closes_at=_at(last, 17),
        question_count=5,
    )
    assignments = list(event.trainer_assignments.all())
    for participant in event.enrolments.filter(status="enrolled"):
        for test, skill in ((pre, 0.45), (post, 0.8)):
            answers = {q.pk: q.choices.filter(is_correct=rng.random() < skill).first().pk for q in test.questions.all()}
            assessment.test_submit(
                acting_user=None,
                test=test,
                enrolment=participant,
                answers=answers,
                at=_at(test.opens_at.date(), 8 if test == pre else 15),
            )
        for session in event.sessions.all():
            attendance.attendance_mark(
                acting_user=None,
                session=session,
                enrolment=participant,
                present=rng.random() < 0.93,
                marked_at=_at(session.date, 9),
            )
        assessment.evaluation_submit(
            acting_user=None,
            enrolment=participant,
            content=rng.choice([4, 4, 5]),
            relevance=rng.choice([3, 4, 5]),
            organisation=rng.choice([3, 4, 4, 5]),
            trainer_ratings={a.pk: rng.choice([4, 5]) for a in assignments},
        )


def _school_of_governance_event(programme, trainer) -> None:
    from frontline.geography.models import Area

    rng = random.Random(2025)
    start = datetime.date(2025, 11, 10)
    event = events.event_create(
        acting_user=None,
        programme=programme,
        start_date=start,
        end_date=start + datetime.timedelta(days=2),
        venue="Kratie Provincial Hall",
        area=Area.objects.get(code="10"),
        organiser=Organisation.objects.get(code="ti-sog"),
        funder=Organisation.objects.get(code="ti-cambodia"),
        capacity=30,
        target_groups=list(programme.target_groups.all()),
    )
    events.trainer_assign(acting_user=None, event=event, trainer=trainer, role="lead")
    people = Person.objects.filter(organisation__code__startswith="admin-").order_by("id")[:24]
    for person in people:
        enrolment.event_enrol(acting_user=None, event=event, person=person)
    events.budget_line_set(acting_user=None, event=event, category="venue", planned=2_000_000, actual=2_000_000)
    events.budget_line_set(acting_user=None, event=event, category="trainer_fees", planned=3_000_000, actual=3_000_000)
    events.event_transition(acting_user=None, event=event, status=EventStatus.OPEN)
    events.event_transition(acting_user=None, event=event, status=EventStatus.RUNNING)
    for participant in event.enrolments.all():
        for session in event.sessions.all():
            attendance.attendance_mark(
                acting_user=None,
                session=session,
                enrolment=participant,
                present=rng.random() < 0.9,
                marked_at=_at(session.date, 9),
            )
    events.event_transition(acting_user=None, event=event, status=EventStatus.COMPLETED)
    completion.certificates_issue_all(acting_user=None, event=event)
    events.event_transition(acting_user=None, event=event, status=EventStatus.REPORTED)


def _running_leadership_course(programme, trainer) -> None:
    """Running today in Phnom Penh: its attendance page has something to mark."""
    from frontline.geography.models import Area

    today = timezone.localdate()
    event = events.event_create(
        acting_user=None,
        programme=programme,
        start_date=today - datetime.timedelta(days=1),
        end_date=today + datetime.timedelta(days=1),
        venue="Royal School of Administration, Phnom Penh",
        area=Area.objects.get(code="12"),
        organiser=Organisation.objects.get(code="rsa"),
        capacity=25,
    )
    events.trainer_assign(acting_user=None, event=event, trainer=trainer, role="lead")
    for person in Person.objects.filter(level="management").order_by("id")[:20]:
        enrolment.event_enrol(acting_user=None, event=event, person=person)
    events.event_transition(acting_user=None, event=event, status=EventStatus.OPEN)
    events.event_transition(acting_user=None, event=event, status=EventStatus.RUNNING)
    yesterday = event.sessions.order_by("date").first()
    for participant in event.enrolments.all():
        attendance.attendance_mark(
            acting_user=None, session=yesterday, enrolment=participant, marked_at=_at(yesterday.date, 9)
        )


def _open_event(programme) -> None:
    from frontline.geography.models import Area

    start = timezone.localdate() + datetime.timedelta(days=30)
    event = events.event_create(
        acting_user=None,
        programme=programme,
        start_date=start,
        end_date=start + datetime.timedelta(days=1),
        venue="Prey Veng Provincial Hall",
        area=Area.objects.get(code="14"),
        organiser=Organisation.objects.get(code="dosvy-14"),
        capacity=30,
    )
    events.quota_set(acting_user=None, event=event, area=Area.objects.get(code="14"), places=20)
    events.event_transition(acting_user=None, event=event, status=EventStatus.OPEN)
    for person in Person.objects.filter(province_code="14").order_by("id")[:8]:
        enrolment.event_enrol(acting_user=None, event=event, person=person)


def _plans(social) -> None:
    """Needs of the six provinces' social affairs departments for next year, consolidated into
    a national plan; the RSA's five-year strategic plan with its targets."""
    from .services import planning

    year = timezone.localdate().year + 1
    competencies = {c.code: c for c in _competencies("sp-frameworks", "case-management", "leading-teams")}
    rng = random.Random(year)
    needs = []
    for code in PROVINCES:
        unit = Organisation.objects.get(code=f"dosvy-{code}")
        assessment = planning.needs_assessment_start(acting_user=None, unit=unit, year=year)
        for competency in competencies.values():
            needs.append(
                planning.need_set(
                    acting_user=None,
                    assessment=assessment,
                    competency=competency,
                    staff=2 + int(rng.random() * 8),
                    priority=rng.choice(["high", "medium", "low"]),
                    evidence="Commune social workers newly appointed",
                )
            )
        planning.needs_submit(acting_user=None, assessment=assessment)
    plan = planning.plan_create(
        acting_user=None,
        year=year,
        title_km="ផែនការបណ្តុះបណ្តាលសេវាសង្គម",
        title_en="Social services training plan",
    )
    planning.plan_add_needs(
        acting_user=None, plan=plan, needs=[n for n in needs if n.competency.code != "leading-teams"], programme=social
    )
    strategy = planning.strategic_plan_create(
        acting_user=None,
        owner=Organisation.objects.get(code="rsa"),
        title_km="ផែនការយុទ្ធសាស្ត្រសាលាភូមិន្ទរដ្ឋបាល",
        title_en="Royal School of Administration strategic plan",
        start_year=2024,
        end_year=2028,
    )
    for n, target_year in enumerate(range(2024, 2029)):
        planning.strategic_target_set(
            acting_user=None, plan=strategy, year=target_year, level="management", officials=40 + 10 * n
        )
        planning.strategic_target_set(
            acting_user=None, plan=strategy, year=target_year, level="technical", officials=80 + 20 * n
        )


def _indicators() -> None:
    """Service requests answered on time, monthly, in the six departments: the trained ones
    improve after April 2026 (the Mondulkiri training)."""
    from .models import PerformanceIndicator
    from .services import planning

    indicator = PerformanceIndicator.objects.create(
        code="on-time",
        name_km="សំណើសេវាដែលបានឆ្លើយតបទាន់ពេល",
        name_en="Service requests answered on time",
        unit_label="%",
    )
    rng = random.Random(2026)
    for n, code in enumerate(PROVINCES):
        unit = Organisation.objects.get(code=f"dosvy-{code}")
        for month in range(1, 11):
            lift = 18 if month >= 5 and n % 2 == 0 else 3 if month >= 5 else 0
            planning.indicator_record(
                acting_user=None,
                unit=unit,
                indicator=indicator,
                period=datetime.date(2026, month, 1),
                value=round(52 + lift + rng.random() * 6, 1),
            )
