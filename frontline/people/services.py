"""Writes to people and their posts. Every write runs in one transaction, is audited with
its acting_user as actor (frontline.audit.context.service) and keeps the official tallies in step."""

import datetime

from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.translation import gettext as _

from frontline.audit.context import service
from frontline.core.text import latin_sort_key, search_document
from frontline.organisations.models import Organisation

from .models import Person, Post
from .tallies import Counted, retally

PERSON_FIELDS = (
    "family_name_km",
    "given_name_km",
    "family_name_latin",
    "given_name_latin",
    "sex",
    "birth_date",
    "phone",
    "national_id",
)


def normalise_phone(text: str | None) -> str:
    """Digits only, the country code written as a leading 0: '+855 12 345 678' -> '012345678'.
    Stored that way, a phone number matches however it was typed."""
    digits = "".join(ch for ch in (text or "") if ch.isdigit())
    if digits.startswith("855") and len(digits) > 9:
        digits = "0" + digits[3:]
    return digits


EARLIEST_BIRTH = datetime.date(1930, 1, 1)
EARLIEST_POST = datetime.date(1950, 1, 1)
POSTS_AHEAD = datetime.timedelta(days=366)  # an appointment may be recorded before it starts


def date_problems(
    *, birth_date: datetime.date | None = None, start_date: datetime.date | None = None
) -> dict[str, str]:
    """What is implausible about these dates, by field: the one rule for forms, API and import."""
    today = timezone.localdate()
    problems = {}
    if birth_date and not (EARLIEST_BIRTH <= birth_date <= today):
        problems["birth_date"] = _("The date of birth is not plausible.")
    if start_date and not (EARLIEST_POST <= start_date <= today + POSTS_AHEAD):
        problems["start_date"] = _("The start date is not plausible.")
    elif start_date and birth_date and start_date <= birth_date:
        problems["start_date"] = _("The post cannot start before the person was born.")
    return problems


def _check_dates(**dates) -> None:
    problems = date_problems(**dates)
    if problems:
        raise ValidationError(problems, code="implausible_date")


def normalise_national_id(value: str | None) -> str | None:
    value = "".join((value or "").split()).upper()
    return value or None


def _derive(person: Person) -> None:
    """Fill the columns that follow from others: sort key, search text, current post copy."""
    person.national_id = normalise_national_id(person.national_id)
    person.phone = normalise_phone(person.phone)
    latin = latin_sort_key(f"{person.family_name_latin} {person.given_name_latin}")
    person.name_sort = (latin or f"~{person.family_name_km} {person.given_name_km}")[:170]
    person.search_text = search_document(
        person.family_name_km,
        person.given_name_km,
        person.family_name_latin,
        person.given_name_latin,
        person.national_id,
        person.phone,
    )


def _copy_current_post(person: Person, post: Post | None) -> None:
    if post is None:
        person.organisation = None
        person.position = person.level = person.area_code = person.province_code = person.org_path = ""
        return
    organisation = post.organisation
    person.organisation = organisation
    person.position = post.position
    person.level = post.level
    person.area_code = organisation.area_code
    person.province_code = organisation.area_code[:2]
    person.org_path = organisation.path


def _save_person(person: Person) -> Person:
    _derive(person)
    first_start = (
        person.posts.order_by("start_date").values_list("start_date", flat=True).first() if person.pk else None
    )
    problems = date_problems(birth_date=person.birth_date, start_date=first_start)
    if problems:
        # Only the birth date is being written here: a clash with the first post is its error.
        raise ValidationError({"birth_date": list(problems.values())}, code="implausible_date")
    person.full_clean()
    person.save()
    return person


@service
def person_create(*, acting_user, **fields) -> Person:
    person = Person(**{name: value for name, value in fields.items() if name in PERSON_FIELDS})
    return _save_person(person)


@service
def person_update(*, acting_user, person: Person, **fields) -> Person:
    # What is counted now, from the database: a ModelForm has already set the new values on
    # `person` by the time it is valid, so the instance cannot say what it was.
    before = Counted.of(Person.objects.select_for_update().get(pk=person.pk))
    for name, value in fields.items():
        if name not in PERSON_FIELDS:
            raise ValueError(f"{name} cannot be changed here")
        setattr(person, name, value)
    _save_person(person)
    retally(before, Counted.of(person))
    return person


@service
def post_start(
    *,
    acting_user,
    person: Person,
    organisation: Organisation,
    position: str,
    level: str,
    start_date: datetime.date,
    grade: str = "",
) -> Post:
    """Give a person a new post; the current one, if any, ends the day before."""
    _check_dates(birth_date=person.birth_date, start_date=start_date)
    before = Counted.of(person)
    current = person.posts.filter(end_date__isnull=True).first()
    if current is not None:
        if start_date <= current.start_date:
            raise ValidationError(
                {"start_date": _("A new post must start after the current post started.")},
                code="post_overlap",
            )
        current.end_date = start_date - datetime.timedelta(days=1)
        current.full_clean()
        current.save(update_fields=["end_date", "updated_at"])
    post = Post(
        person=person,
        organisation=organisation,
        position=position,
        level=level,
        start_date=start_date,
        grade=grade,
    )
    post.full_clean()
    post.save()
    _copy_current_post(person, post)
    _save_person(person)
    retally(before, Counted.of(person))
    return post


@service
def post_end(*, acting_user, post: Post, end_date: datetime.date) -> Post:
    post.end_date = end_date
    post.full_clean()
    post.save(update_fields=["end_date", "updated_at"])
    person = post.person
    before = Counted.of(person)
    _copy_current_post(person, person.posts.filter(end_date__isnull=True).select_related("organisation").first())
    _save_person(person)
    retally(before, Counted.of(person))
    return post


@service
def official_create(
    *,
    acting_user,
    organisation: Organisation,
    position: str,
    level: str,
    start_date,
    grade: str = "",
    **fields,
) -> Person:
    person = person_create(acting_user=acting_user, **fields)
    post_start(
        acting_user=acting_user,
        person=person,
        organisation=organisation,
        position=position,
        level=level,
        start_date=start_date,
        grade=grade,
    )
    return person


def organisation_moved_area(*, organisation: Organisation) -> None:
    """After an organisation's area changes, move its current officials' copies and tallies."""
    for person in Person.objects.filter(organisation=organisation):
        before = Counted.of(person)
        person.area_code = organisation.area_code
        person.province_code = organisation.area_code[:2]
        person.save(update_fields=["area_code", "province_code"])
        retally(before, Counted.of(person))


@service
def officials_register_many(*, acting_user, entries: list[dict]) -> list[Person]:
    """Register many new officials at once (an imported participant list): people and their
    current posts written in bulk, audited and counted in one pass each.

    Each entry holds the person's fields and organisation, position, level, start_date,
    grade. The caller has validated the values and checked that nobody is registered yet.
    """
    from frontline.audit.bulk import log_created

    from .tallies import count_in

    people, posts = [], []
    for entry in entries:
        values = dict(entry)
        post = Post(
            organisation=values.pop("organisation"),
            position=values.pop("position"),
            level=values.pop("level"),
            start_date=values.pop("start_date"),
            grade=values.pop("grade", ""),
        )
        person = Person(**{name: value for name, value in values.items() if name in PERSON_FIELDS})
        _copy_current_post(person, post)
        _derive(person)
        people.append(person)
        posts.append(post)
    Person.objects.bulk_create(people, batch_size=1000)
    for person, post in zip(people, posts, strict=True):
        post.person = person
    Post.objects.bulk_create(posts, batch_size=1000)
    log_created(people, actor=acting_user)
    log_created(posts, actor=acting_user)
    count_in(people)
    return people
