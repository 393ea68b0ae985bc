"""Demo data for `make run`: the organisations named in the articles, a few hundred officials
across the six provinces of the Mondulkiri training, and one account per role."""

import datetime
import os
import random
import secrets

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction

from frontline.accounts.models import RoleAssignment, User
from frontline.accounts.roles import Role
from frontline.elearning.demo import seed_elearning_demo
from frontline.geography.models import Area
from frontline.knowledge.demo import seed_knowledge_demo
from frontline.learning.demo import seed_learning_demo
from frontline.organisations.models import Organisation, OrgKind
from frontline.organisations.services import organisation_create
from frontline.people.models import Person, PostLevel, Sex
from frontline.people.services import official_create
from frontline.voice.demo import seed_voice_demo

TRAINING_PROVINCES = {
    "08": "Kandal",
    "14": "Prey Veng",
    "25": "Tboung Khmum",
    "10": "Kratie",
    "16": "Ratanak Kiri",
    "11": "Mondul Kiri",
}
FAMILY_NAMES = [
    ("សុខ", "Sok"),
    ("ចាន់", "Chan"),
    ("ហេង", "Heng"),
    ("លី", "Ly"),
    ("ឈឹម", "Chhim"),
    ("ពេជ្រ", "Pich"),
    ("កែវ", "Keo"),
    ("ម៉ៅ", "Mao"),
    ("នួន", "Nuon"),
    ("សៀង", "Sieng"),
]
GIVEN_FEMALE = [
    ("ស្រីពៅ", "Sreypov"),
    ("ចាន់ធី", "Chanthy"),
    ("សុភា", "Sophea"),
    ("ដាវី", "Davy"),
    ("ស្រីនាង", "Sreyneang"),
    ("បុប្ផា", "Bopha"),
]
GIVEN_MALE = [
    ("សុខា", "Sokha"),
    ("វិបុល", "Vibol"),
    ("ដារ៉ា", "Dara"),
    ("រតនា", "Ratana"),
    ("សំណាង", "Samnang"),
    ("វណ្ណៈ", "Vannak"),
]
# Positions as officials' records write them: in Khmer.
POSITIONS = [
    ("ប្រធាន", PostLevel.MANAGEMENT),
    ("អនុប្រធាន", PostLevel.MANAGEMENT),
    ("ប្រធានការិយាល័យ", PostLevel.MANAGEMENT),
    ("មន្ត្រីសង្គមកិច្ច", PostLevel.TECHNICAL),
    ("មន្ត្រីសង្គមកិច្ចរង", PostLevel.TECHNICAL),
    ("មន្ត្រីបច្ចេកទេស", PostLevel.TECHNICAL),
    ("មន្ត្រីរដ្ឋបាល", PostLevel.TECHNICAL),
]

NATIONAL = [
    ("mcs", OrgKind.MINISTRY, "ក្រសួងមុខងារសាធារណៈ", "Ministry of Civil Service", "MCS", []),
    (
        "mosvy",
        OrgKind.MINISTRY,
        "ក្រសួងសង្គមកិច្ច អតីតយុទ្ធជន និងយុវនីតិសម្បទា",
        "Ministry of Social Affairs, Veterans and Youth Rehabilitation",
        "MoSVY",
        [
            ("mosvy-dcw", OrgKind.DEPARTMENT, "នាយកដ្ឋានសុខុមាលភាពកុមារ", "Department of Child Welfare", "DCW"),
            ("mosvy-dsw", OrgKind.DEPARTMENT, "នាយកដ្ឋានសុខុមាលភាពសង្គម", "Department of Social Welfare", ""),
        ],
    ),
    ("moi", OrgKind.MINISTRY, "ក្រសួងមហាផ្ទៃ", "Ministry of Interior", "MoI", []),
    ("rsa", OrgKind.TRAINING_INSTITUTION, "សាលាភូមិន្ទរដ្ឋបាល", "Royal School of Administration", "RSA", []),
    (
        "ti-cambodia",
        OrgKind.PARTNER,
        "អង្គការតម្លាភាពកម្ពុជា",
        "Transparency International Cambodia",
        "TI Cambodia",
        [],
    ),
    ("care-for-children", OrgKind.PARTNER, "អង្គការថែទាំកុមារ", "Care for Children", "", []),
]


class Command(BaseCommand):
    help = "Load demo organisations, officials and accounts (never in production)."

    def handle(self, *args, **options):
        if not settings.FRONTLINE_ALLOW_DEMO:
            raise CommandError("Demo data is not allowed with these settings.")
        password = os.environ.get("FRONTLINE_DEMO_PASSWORD") or ""
        generated = not password
        if generated:
            password = secrets.token_urlsafe(12)
        if not Organisation.objects.filter(code="admin-11").exists():
            with transaction.atomic():
                self._organisations()
                self._officials()
        with transaction.atomic():
            seed_learning_demo()
            learner = seed_elearning_demo()
            seed_knowledge_demo()
        accounts = self._accounts(password, learner)
        with transaction.atomic():
            seed_voice_demo(
                working_group_user=User.objects.get(username="nwg"),
                provincial_user=User.objects.get(username="mondulkiri"),
                national_user=User.objects.get(username="national"),
            )
        self.stdout.write(
            "Demo accounts (password %s):" % ("generated: " + password if generated else "from FRONTLINE_DEMO_PASSWORD")
        )
        for username, label in accounts:
            self.stdout.write(f"  {username:<14} {label}")

    def _organisations(self):
        for code, kind, name_km, name_en, abbreviation, units in NATIONAL:
            parent = organisation_create(
                acting_user=None,
                code=code,
                kind=kind,
                name_km=name_km,
                name_en=name_en,
                abbreviation=abbreviation,
            )
            for unit_code, unit_kind, unit_km, unit_en, unit_abbr in units:
                organisation_create(
                    acting_user=None,
                    parent=parent,
                    code=unit_code,
                    kind=unit_kind,
                    name_km=unit_km,
                    name_en=unit_en,
                    abbreviation=unit_abbr,
                )
        mosvy = Organisation.objects.get(code="mosvy")
        for province in Area.objects.filter(code__in=TRAINING_PROVINCES).order_by("code"):
            organisation_create(
                acting_user=None,
                parent=mosvy,
                code=f"dosvy-{province.code}",
                kind=OrgKind.PROVINCIAL_DEPARTMENT,
                name_km=f"មន្ទីរសង្គមកិច្ច អតីតយុទ្ធជន និងយុវនីតិសម្បទាខេត្ត{province.name_km}",
                name_en=f"{province.name_en} Provincial Department of Social Affairs",
                area=province,
            )
            administration = organisation_create(
                acting_user=None,
                code=f"admin-{province.code}",
                kind=OrgKind.SUBNATIONAL,
                name_km=f"រដ្ឋបាលខេត្ត{province.name_km}",
                name_en=f"{province.name_en} Provincial Administration",
                area=province,
            )
            for district in Area.objects.filter(parent=province).order_by("code")[:3]:
                organisation_create(
                    acting_user=None,
                    parent=administration,
                    code=f"admin-{district.code}",
                    kind=OrgKind.SUBNATIONAL,
                    name_km=f"រដ្ឋបាល{district.name_km}",
                    name_en=f"{district.name_en} {district.get_kind_display()} Administration",
                    area=district,
                )

    def _officials(self):
        rng = random.Random(2022)  # deterministic demo
        units = list(Organisation.objects.exclude(kind=OrgKind.PARTNER))
        for number in range(360):
            sex = Sex.FEMALE if rng.random() < 0.42 else Sex.MALE
            family = rng.choice(FAMILY_NAMES)
            given = rng.choice(GIVEN_FEMALE if sex == Sex.FEMALE else GIVEN_MALE)
            position, level = rng.choice(POSITIONS)
            official_create(
                acting_user=None,
                organisation=rng.choice(units),
                position=position,
                level=level,
                start_date=datetime.date(2015 + rng.randrange(10), rng.randrange(1, 13), 1),
                family_name_km=family[0],
                given_name_km=given[0],
                family_name_latin=family[1],
                given_name_latin=given[1],
                sex=sex,
                birth_date=datetime.date(1965 + rng.randrange(35), rng.randrange(1, 13), rng.randrange(1, 28)),
                phone=f"0{rng.choice([12, 15, 17, 77, 89, 92])}{rng.randrange(100000, 999999)}",
                national_id=f"{100000000 + number * 7919}",
            )
        self.stdout.write(f"Demo: {Person.objects.count()} officials.")

    def _accounts(self, password, learner=None):
        mondulkiri = Area.objects.get(code="11")
        district = Area.objects.filter(parent=mondulkiri).order_by("code").first()
        mosvy = Organisation.objects.get(code="mosvy")
        specs = [
            ("national", Role.NATIONAL_ADMIN, None, None),
            ("mondulkiri", Role.PROVINCIAL_OFFICER, mondulkiri, None),
            ("district", Role.DISTRICT_OFFICER, district, None),
            ("coordinator", Role.TRAINING_COORDINATOR, None, mosvy),
            ("auditor", Role.AUDITOR, None, None),
            ("partner", Role.PARTNER, None, Organisation.objects.get(code="ti-cambodia")),
            ("nwg", Role.WORKING_GROUP, None, None),
        ]
        shown = []
        for username, role, area, organisation in specs:
            user, _created = User.objects.get_or_create(username=username)
            # The password printed below is always the one that works.
            user.set_password(password)
            user.save()
            RoleAssignment.objects.get_or_create(user=user, role=role, area=area, organisation=organisation)
            scope = area.name_en if area else (organisation.name_en if organisation else "national")
            shown.append((username, f"{Role(role).label} · {scope}"))
        if learner is not None:
            # An official with no role at all: they sign in to take online courses as themself.
            user, _created = User.objects.get_or_create(username="learner")
            user.set_password(password)
            user.person = learner
            user.save()
            shown.append(("learner", f"Official, no role · {learner.name_latin} · online courses"))
        return shown
