"""Voice fixtures on top of the root conftest: a village, the administrations of the ladder
(commune, district, province), the national working group, and a concern maker."""

import pytest

from conftest import make_area, user_with
from frontline.accounts.roles import Role
from frontline.geography.models import Level
from frontline.organisations.models import OrgKind
from frontline.organisations.services import organisation_create
from frontline.voice.models import Category, Channel
from frontline.voice.services import concern_create

from .staff_fixtures import commune_handler, kandal_officer, kandal_village  # noqa: F401 (the staff pages' fixtures)


@pytest.fixture
def village(areas):
    return make_area("11010101", "110101", Level.VILLAGE, "ពូលូង", "Pu Lung")


@pytest.fixture
def ladder(orgs, areas, village):
    """The administrations a concern in Srae Khtum climbs through, and the working group."""

    def administration(code, area, km, en):
        return organisation_create(
            acting_user=None, code=code, kind=OrgKind.SUBNATIONAL, name_km=km, name_en=en, area=area
        )

    return {
        "commune": administration(
            "admin-110101", areas["110101"], "រដ្ឋបាលឃុំស្រែខ្ទុម", "Srae Khtum Commune Administration"
        ),
        "district": orgs["admin-1101"],
        "province": administration("admin-11", areas["11"], "រដ្ឋបាលខេត្តមណ្ឌលគិរី", "Mondulkiri Provincial Administration"),
        "kandal": administration("admin-08", areas["08"], "រដ្ឋបាលខេត្តកណ្ដាល", "Kandal Provincial Administration"),
        "ministry": orgs["moi"],
        "nwg": organisation_create(
            acting_user=None,
            code="nwg-sna",
            kind=OrgKind.INSTITUTION,
            name_km="ក្រុមការងារថ្នាក់ជាតិ",
            name_en="National Working Group",
        ),
    }


@pytest.fixture
def categories(ladder):
    if not Category.objects.exists():
        # A transactional test before this one flushed the rows the data migration made.
        from importlib import import_module

        from django.apps import apps

        import_module("frontline.voice.migrations.0002_categories").create(apps, None)
    found = {category.code: category for category in Category.objects.all()}
    for category in found.values():
        category.ministry = ladder["ministry"]
        category.save()
    return found


@pytest.fixture
def working_group_user(ladder):
    return user_with("nwg", Role.WORKING_GROUP)


@pytest.fixture
def make_concern(categories, village):
    def make(**fields):
        values = {
            "channel": Channel.WEB,
            "category": categories["water"],
            "area": village,
            "description": "អណ្ដូងទឹកក្នុងភូមិខូចអស់ពីរខែហើយ",
            "reporter_name": "Sok Dara",
            "reporter_phone": "012 345 678",
        }
        values.update(fields)
        return concern_create(**values)

    return make


@pytest.fixture
def form_data(categories, village):
    """A valid submission of the public form, from a named youth with a phone number."""
    return {
        "category": str(categories["water"].pk),
        "province": "11",
        "district": "1101",
        "commune": "110101",
        "village": village.code,
        "description": "The village well has been broken for two months.",
        "reporter_group": "youth",
        "reporter_name": "Sok Dara",
        "reporter_phone": "012 345 678",
    }
