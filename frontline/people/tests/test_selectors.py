import itertools

import pytest

from frontline.accounts.roles import Role
from frontline.people.models import Sex
from frontline.people.selectors import official_list, official_total

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize("role", list(Role))
def test_kept_counts_equal_counting_for_every_role_and_filter(role, users, officials):
    """The list total comes from tallies where it can: it must be the number the list holds."""
    user = users[role]
    for area, sex in itertools.product([None, "11", "1101", "110101", "08", "0801", "12"], [None, *Sex.values]):
        officials_found = official_list(user=user, area=area, sex=sex)
        assert official_total(officials_found, user=user, area=area, sex=sex) == officials_found.count(), (area, sex)


def test_a_provincial_total_is_read_from_tallies(users, officials, django_assert_num_queries):
    user = users[Role.PROVINCIAL_OFFICER]
    officials_found = official_list(user=user, area="1101")
    official_total(officials_found, user=user, area="1101")  # reads the user's assignments once
    with django_assert_num_queries(1):
        assert official_total(officials_found, user=user, area="1101") == 1
