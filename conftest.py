"""Shared fixtures: a small real tree (Mondulkiri, Kandal), organisations, officials, a user per role."""

import datetime

import pytest

from frontline.accounts.models import RoleAssignment, User
from frontline.accounts.roles import Role
from frontline.geography.models import Area, Kind, Level
from frontline.organisations.models import OrgKind
from frontline.organisations.services import organisation_create
from frontline.people.models import PostLevel, Sex
from frontline.people.services import official_create

AREAS = [
    ("11", None, Level.PROVINCE, Kind.PROVINCE, "មណ្ឌលគិរី", "Mondul Kiri"),
    ("1101", "11", Level.DISTRICT, Kind.DISTRICT, "កែវសីមា", "Kaev Seima"),
    ("110101", "1101", Level.COMMUNE, Kind.COMMUNE, "ស្រែខ្ទុម", "Srae Khtum"),
    ("1105", "11", Level.DISTRICT, Kind.MUNICIPALITY, "សែនមនោរម្យ", "Saen Monourom"),
    ("08", None, Level.PROVINCE, Kind.PROVINCE, "កណ្ដាល", "Kandal"),
    ("0801", "08", Level.DISTRICT, Kind.DISTRICT, "កណ្ដាលស្ទឹង", "Kandal Stueng"),
]


@pytest.fixture(autouse=True)
def _fresh_cache():
    """Each test starts with an empty cache: rows cached by one test (a category, a routing
    proposal, a rate-limit window) must not leak into the next test's database."""
    from django.core.cache import cache

    cache.clear()
    yield
    cache.clear()


def make_area(code: str, parent: str | None, level: str, name_km: str, name_en: str, kind: str | None = None) -> Area:
    """An area with its search text, as the gazetteer load makes it (kind: the level's, unless given)."""
    from frontline.core.text import search_document

    return Area.objects.create(
        code=code,
        parent_id=parent,
        level=level,
        kind=kind or level,
        name_km=name_km,
        name_en=name_en,
        search_text=search_document(name_km, name_en, code),
    )


@pytest.fixture
def areas(db):
    return {
        code: make_area(code, parent, level, name_km, name_en, kind)
        for code, parent, level, kind, name_km, name_en in AREAS
    }


@pytest.fixture
def orgs(areas):
    mosvy = organisation_create(
        acting_user=None,
        code="mosvy",
        kind=OrgKind.MINISTRY,
        name_km="ក្រសួងសង្គមកិច្ច",
        name_en="Ministry of Social Affairs",
    )
    return {
        "mosvy": mosvy,
        "dosvy-11": organisation_create(
            acting_user=None,
            parent=mosvy,
            code="dosvy-11",
            kind=OrgKind.PROVINCIAL_DEPARTMENT,
            name_km="មន្ទីរសង្គមកិច្ចមណ្ឌលគិរី",
            name_en="Mondulkiri Department of Social Affairs",
            area=areas["11"],
        ),
        "dosvy-08": organisation_create(
            acting_user=None,
            parent=mosvy,
            code="dosvy-08",
            kind=OrgKind.PROVINCIAL_DEPARTMENT,
            name_km="មន្ទីរសង្គមកិច្ចកណ្ដាល",
            name_en="Kandal Department of Social Affairs",
            area=areas["08"],
        ),
        "admin-1101": organisation_create(
            acting_user=None,
            code="admin-1101",
            kind=OrgKind.SUBNATIONAL,
            name_km="រដ្ឋបាលស្រុកកែវសីមា",
            name_en="Kaev Seima District Administration",
            area=areas["1101"],
        ),
        "moi": organisation_create(
            acting_user=None,
            code="moi",
            kind=OrgKind.MINISTRY,
            name_km="ក្រសួងមហាផ្ទៃ",
            name_en="Ministry of Interior",
        ),
    }


def make_official(
    organisation,
    family_km="សុខ",
    given_km="ចាន់ធី",
    family_latin="Sok",
    given_latin="Chanthy",
    sex=Sex.FEMALE,
    **extra,
):
    return official_create(
        acting_user=None,
        organisation=organisation,
        position=extra.pop("position", "Social worker"),
        level=extra.pop("level", PostLevel.TECHNICAL),
        start_date=extra.pop("start_date", datetime.date(2020, 1, 1)),
        family_name_km=family_km,
        given_name_km=given_km,
        family_name_latin=family_latin,
        given_name_latin=given_latin,
        sex=sex,
        **extra,
    )


@pytest.fixture
def officials(orgs):
    return {
        "in_mondulkiri": make_official(orgs["dosvy-11"], "សុខ", "ចាន់ធី", "Sok", "Chanthy", national_id="110000001"),
        "in_district": make_official(orgs["admin-1101"], "ហេង", "សុភា", "Heng", "Sophea", national_id="110000002"),
        "in_kandal": make_official(orgs["dosvy-08"], "លី", "វិបុល", "Ly", "Vibol", sex=Sex.MALE, national_id="080000001"),
        "in_ministry": make_official(
            orgs["mosvy"], "កែវ", "ដារ៉ា", "Keo", "Dara", sex=Sex.MALE, national_id="000000001"
        ),
    }


def user_with(username, role, area=None, organisation=None):
    user = User.objects.create_user(username=username, password="pass-word-123")
    RoleAssignment.objects.create(user=user, role=role, area=area, organisation=organisation)
    return user


@pytest.fixture
def users(areas, orgs):
    """One user per role, scoped as a real deployment would scope them."""
    return {
        Role.SYSTEM_ADMIN: user_with("sysadmin", Role.SYSTEM_ADMIN),
        Role.NATIONAL_ADMIN: user_with("national", Role.NATIONAL_ADMIN),
        Role.PROVINCIAL_OFFICER: user_with("mondulkiri", Role.PROVINCIAL_OFFICER, area=areas["11"]),
        Role.DISTRICT_OFFICER: user_with("kaevseima", Role.DISTRICT_OFFICER, area=areas["1101"]),
        Role.COMMUNE_OFFICER: user_with("sraekhtum", Role.COMMUNE_OFFICER, area=areas["110101"]),
        Role.TRAINING_COORDINATOR: user_with("coordinator", Role.TRAINING_COORDINATOR, organisation=orgs["mosvy"]),
        Role.TRAINER: user_with("trainer", Role.TRAINER, organisation=orgs["mosvy"]),
        Role.PARTNER: user_with("partner", Role.PARTNER, organisation=orgs["moi"]),
        Role.AUDITOR: user_with("auditor", Role.AUDITOR),
        Role.WORKING_GROUP: user_with("workinggroup", Role.WORKING_GROUP),
    }


@pytest.fixture(autouse=True)
def _no_2fa_by_default(settings):
    settings.FRONTLINE_2FA_ROLES = []


def verified_login(client, user):
    """Sign `user` in as after entering a two-factor code (a confirmed device in the session)."""
    from django_otp import DEVICE_ID_SESSION_KEY
    from django_otp.plugins.otp_totp.models import TOTPDevice

    device = TOTPDevice.objects.filter(user=user, confirmed=True).first() or TOTPDevice.objects.create(
        user=user, name="test", confirmed=True
    )
    client.force_login(user)
    session = client.session
    session[DEVICE_ID_SESSION_KEY] = device.persistent_id
    session.save()
    return client


@pytest.fixture
def admin_user(db, django_user_model):
    """Who may use the admin: a superuser holding the system administrator role (replaces pytest-django's)."""
    user = django_user_model.objects.create_superuser(username="admin", password="pass-word-123")
    RoleAssignment.objects.create(user=user, role=Role.SYSTEM_ADMIN)
    return user


@pytest.fixture
def admin_client(client, admin_user):
    """The admin user signed in with two-factor sign-in confirmed (replaces pytest-django's)."""
    return verified_login(client, admin_user)
