import datetime

import pytest
from django.core.exceptions import ValidationError
from django.utils import translation

from frontline.core.models import Tally
from frontline.core.selectors import home_counts
from frontline.people.models import Person, Post
from frontline.people.services import post_end, post_start
from frontline.people.tallies import officials_recount

pytestmark = pytest.mark.django_db


def tallies():
    return {(t.metric, t.key): t.value for t in Tally.objects.exclude(value=0)}


def test_kept_tallies_equal_a_recount_after_every_kind_of_change(officials, orgs):
    person = officials["in_mondulkiri"]
    post_start(
        acting_user=None,
        person=person,
        organisation=orgs["dosvy-08"],
        position="Director",
        level="management",
        start_date=datetime.date(2024, 1, 1),
    )
    post_end(acting_user=None, post=officials["in_district"].posts.get(), end_date=datetime.date(2024, 2, 1))
    kept = tallies()
    officials_recount()
    assert tallies() == kept
    assert kept[("officials.area", "08")] == 2
    assert kept.get(("officials.area", "11"), 0) == 0
    assert kept[("officials.area", "")] == 3


def test_new_post_closes_the_current_one_and_moves_the_copy(officials, orgs):
    person = officials["in_kandal"]
    post_start(
        acting_user=None,
        person=person,
        organisation=orgs["dosvy-11"],
        position="Deputy director",
        level="management",
        start_date=datetime.date(2023, 5, 1),
    )
    person.refresh_from_db()
    assert person.area_code == "11" and person.position == "Deputy director"
    old = Post.objects.filter(person=person).order_by("start_date").first()
    assert old.end_date == datetime.date(2023, 4, 30)


def test_a_post_cannot_start_before_the_current_one(officials, orgs):
    person = officials["in_kandal"]
    with pytest.raises(ValidationError):
        post_start(
            acting_user=None,
            person=person,
            organisation=orgs["dosvy-11"],
            position="X",
            level="technical",
            start_date=datetime.date(2019, 1, 1),
        )
    assert Post.objects.filter(person=person).count() == 1


def test_home_counts_follow_scope(users, officials):
    from frontline.accounts.roles import Role

    national = home_counts(users[Role.NATIONAL_ADMIN])
    assert national["officials"] == 4 and national["women"] == 2
    provincial = home_counts(users[Role.PROVINCIAL_OFFICER])
    assert provincial["officials"] == 2
    assert provincial["areas"]["province"] == 1
    coordinator = home_counts(users[Role.TRAINING_COORDINATOR])
    assert coordinator["officials"] == 3
    assert "officials" not in home_counts(users[Role.TRAINER])


def test_organisation_area_change_moves_its_officials(officials, orgs, areas):
    from frontline.organisations.services import organisation_update

    organisation_update(acting_user=None, organisation=orgs["admin-1101"], area=areas["1105"])
    assert Person.objects.get(pk=officials["in_district"].pk).area_code == "1105"
    kept = tallies()
    officials_recount()
    assert tallies() == kept


NEW_OFFICIAL = {
    "family_name_km": "ពេជ្រ",
    "given_name_km": "បុប្ផា",
    "family_name_latin": "Pich",
    "given_name_latin": "Bopha",
    "sex": "F",
    "position": "Social worker",
    "level": "technical",
}


@pytest.mark.parametrize(
    ("birth", "start", "field"),
    [
        ("9999-12-31", "2024-01-15", "birth_date"),
        ("1990-01-01", "1989-06-01", "start_date"),
        ("", "0001-01-01", "start_date"),
        ("", "2999-01-01", "start_date"),
    ],
)
def test_page_and_api_refuse_implausible_dates_like_the_import(client, users, orgs, birth, start, field):
    from frontline.accounts.roles import Role
    from frontline.people.importing import officials_import
    from frontline.people.tests.test_import import csv_file, row

    client.force_login(users[Role.NATIONAL_ADMIN])
    page = client.post(
        "/en/officials/new/",
        {**NEW_OFFICIAL, "birth_date": birth, "start_date": start, "organisation": orgs["dosvy-11"].pk},
    )
    assert page.status_code == 200 and "has-error" in page.content.decode()
    payload = {**NEW_OFFICIAL, "birth_date": birth or None, "start_date": start, "organisation_id": orgs["dosvy-11"].pk}
    api = client.post("/api/v1/officials", payload, content_type="application/json")
    assert api.status_code == 400 and field in api.json()["errors"]
    report = officials_import(acting_user=users[Role.NATIONAL_ADMIN], upload=csv_file([row(birth=birth, start=start)]))
    assert field in {error.column for error in report.errors}
    assert not Person.objects.filter(family_name_latin="Pich").exists()


def test_a_later_birth_date_cannot_follow_the_first_post(officials):
    from frontline.people.services import person_update

    person = officials["in_mondulkiri"]  # in post since 2020
    with pytest.raises(ValidationError) as refused, translation.override("en"):
        person_update(acting_user=None, person=person, birth_date=datetime.date(2021, 1, 1))
    assert refused.value.message_dict == {"birth_date": ["The post cannot start before the person was born."]}
    assert Person.objects.get(pk=person.pk).birth_date is None
