"""Fixtures of the staff page tests (imported by name into each test module)."""

import pytest

from conftest import make_area, user_with
from frontline.accounts.roles import Role
from frontline.geography.models import Level


@pytest.fixture
def kandal_officer(areas):
    return user_with("kandal", Role.PROVINCIAL_OFFICER, area=areas["08"])


@pytest.fixture
def commune_handler(areas, ladder):
    """A clerk of the Srae Khtum commune administration: the unit that handles its concerns."""
    return user_with("clerk", Role.COMMUNE_OFFICER, area=areas["110101"], organisation=ladder["commune"])


@pytest.fixture
def kandal_village(areas):
    commune = make_area("080101", "0801", Level.COMMUNE, "ព្រែកតាកូវ", "Preaek Ta Kov")
    return make_area("08010101", commune.code, Level.VILLAGE, "ភូមិមួយ", "Phum Muoy")
