"""The list's reads: filters cleaned, totals from the kept tallies when they can answer, a
capped count otherwise, and which tallies answer for whom."""

from django.http import QueryDict

from conftest import user_with
from frontline.accounts.roles import Role
from frontline.voice import selectors
from frontline.voice.models import Channel, Status


def _filters(query: str):
    return selectors.clean_filters(
        QueryDict(query), statuses=Status.values, categories={"water", "roads"}, channels=Channel.values
    )


def test_filters_drop_what_is_malformed_or_outside_the_chosen_area():
    filters = _filters("province=11&district=0801&commune=110101&status=bogus&category=water&q=%20x%20")
    assert (filters.province, filters.district, filters.commune) == ("11", "", "110101")
    assert filters.status == "" and filters.category == "water" and filters.query == "x"
    assert filters.area == "110101"
    assert _filters("province=1&commune=08").area == ""


def test_tallies_answer_for_area_users_only(users, ladder, areas):
    national = users[Role.NATIONAL_ADMIN]
    province = users[Role.PROVINCIAL_OFFICER]
    assert selectors.tally_area_for(national, "") == ""
    assert selectors.tally_area_for(province, "") == "11"
    assert selectors.tally_area_for(province, "1101") == "1101"
    assert selectors.tally_area_for(province, "08") is None
    by_unit = user_with("unit", Role.DISTRICT_OFFICER, organisation=ladder["district"])
    assert selectors.tally_area_for(by_unit, "") is None
    two = user_with("two", Role.PROVINCIAL_OFFICER, area=areas["11"])
    two.assignments.create(role=Role.PROVINCIAL_OFFICER, area=areas["08"])
    assert selectors.tally_area_for(two, "") is None and selectors.tally_area_for(two, "08") == "08"


def test_totals_from_tallies_equal_the_rows_and_the_cap_holds(make_concern, categories, users, monkeypatch):
    for _ in range(3):
        make_concern()
    make_concern(category=categories["roads"], description="ផ្លូវលំខូចខាតខ្លាំងណាស់")
    officer = users[Role.PROVINCIAL_OFFICER]
    for query, expected in (("", 4), ("category=water", 3), ("status=received&category=roads", 1)):
        filters = _filters(query)
        concerns = selectors.concern_list(user=officer, filters=filters)
        assert selectors.concern_total(user=officer, filters=filters, concerns=concerns) == (expected, False)
        assert concerns.count() == expected
    monkeypatch.setattr(selectors, "COUNT_CAP", 2)
    filters = _filters("channel=web")  # the tallies do not split channels by status: counted, capped
    concerns = selectors.concern_list(user=officer, filters=filters)
    assert selectors.concern_total(user=officer, filters=filters, concerns=concerns) == (2, True)
    monkeypatch.setattr(selectors, "SEARCH_COUNT_CAP", 1)
    filters = _filters("q=ផ្លូវលំ")  # a word search counts only as far as its own, lower cap
    concerns = selectors.concern_list(user=officer, filters=filters)
    assert selectors.concern_total(user=officer, filters=filters, concerns=concerns) == (1, False)
    make_concern(category=categories["roads"], description="ផ្លូវលំទៅសាលារៀនខូច")
    assert selectors.concern_total(user=officer, filters=filters, concerns=concerns) == (1, True)
    page = selectors.concern_page(user=officer, filters=_filters(""), number=1)
    assert len(page) == 5 and not page.has_next and page.num_pages == 1
