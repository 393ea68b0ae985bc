"""Fixtures of the staff page tests (imported by name into each test module)."""

import pytest

from conftest import user_with
from frontline.accounts.roles import Role
from frontline.core.text import search_document
from frontline.geography.models import Area, Kind, Level


@pytest.fixture
def kandal_officer(areas):
    return user_with("kandal", Role.PROVINCIAL_OFFICER, area=areas["08"])


@pytest.fixture
def commune_handler(areas, ladder):
    """A clerk of the Srae Khtum commune administration: the unit that handles its concerns."""
    return user_with("clerk", Role.COMMUNE_OFFICER, area=areas["110101"], organisation=ladder["commune"])


@pytest.fixture
def kandal_village(areas):
    commune = Area.objects.create(
        code="080101",
        parent=areas["0801"],
        level=Level.COMMUNE,
        kind=Kind.COMMUNE,
        name_km="ព្រែកតាកូវ",
        name_en="Preaek Ta Kov",
        search_text=search_document("ព្រែកតាកូវ", "Preaek Ta Kov", "080101"),
    )
    return Area.objects.create(
        code="08010101",
        parent=commune,
        level=Level.VILLAGE,
        kind=Kind.VILLAGE,
        name_km="ភូមិមួយ",
        name_en="Phum Muoy",
        search_text=search_document("ភូមិមួយ", "Phum Muoy", "08010101"),
    )
