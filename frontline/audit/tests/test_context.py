"""Who and from where: the request's validated address, the acting user of services outside requests."""

import json

import pytest
from auditlog.models import LogEntry
from django.test import RequestFactory

from conftest import make_official
from frontline.accounts.roles import Role
from frontline.audit.context import acting_as, audit_context
from frontline.audit.middleware import client_address, trusted_proxies
from frontline.organisations.models import Organisation
from frontline.people.models import Person

pytestmark = pytest.mark.django_db


def edit_phone(client, person, phone, **headers):
    data = {
        "family_name_km": person.family_name_km,
        "given_name_km": person.given_name_km,
        "family_name_latin": person.family_name_latin,
        "given_name_latin": person.given_name_latin,
        "sex": person.sex,
        "birth_date": "",
        "phone": phone,
        "national_id": person.national_id or "",
    }
    return client.post(f"/en/officials/{person.pk}/edit/", data, **headers)


def last_update(person) -> LogEntry:
    return LogEntry.objects.filter(object_pk=str(person.pk), action=LogEntry.Action.UPDATE).latest("id")


def test_forwarded_for_is_ignored_without_trusted_proxies(client, users, officials):
    client.force_login(users[Role.PROVINCIAL_OFFICER])
    person = officials["in_mondulkiri"]
    response = edit_phone(client, person, "011222333", REMOTE_ADDR="198.51.100.4", HTTP_X_FORWARDED_FOR="1.1.1.1")
    assert response.status_code == 302
    assert last_update(person).remote_addr == "198.51.100.4"


def test_behind_a_trusted_proxy_the_right_most_entry_is_recorded(client, users, officials, settings):
    settings.FRONTLINE_TRUSTED_PROXIES = ["10.0.0.0/8"]
    client.force_login(users[Role.PROVINCIAL_OFFICER])
    person = officials["in_mondulkiri"]
    forwarded = "1.1.1.1, 203.0.113.7, 10.0.0.9"  # client-written, real client, inner proxy
    response = edit_phone(client, person, "011222333", REMOTE_ADDR="10.0.0.1", HTTP_X_FORWARDED_FOR=forwarded)
    assert response.status_code == 302
    assert last_update(person).remote_addr == "203.0.113.7"


@pytest.mark.parametrize("header", ["not-an-address", "999.1.1.1", "1.2.3.4:80", "' OR 1=1 --", "a" * 300])
def test_a_malformed_forwarded_for_never_breaks_a_write(client, users, officials, settings, header):
    """On PostgreSQL the address column is inet: an unchecked value made every audited write a 500."""
    settings.FRONTLINE_TRUSTED_PROXIES = ["10.0.0.1"]
    client.force_login(users[Role.PROVINCIAL_OFFICER])
    person = officials["in_mondulkiri"]
    response = edit_phone(client, person, "011999888", REMOTE_ADDR="10.0.0.1", HTTP_X_FORWARDED_FOR=header)
    assert response.status_code == 302
    assert Person.objects.get(pk=person.pk).phone == "011999888"
    assert last_update(person).remote_addr == "10.0.0.1"


def test_client_address_rules(settings):
    factory = RequestFactory()
    settings.FRONTLINE_TRUSTED_PROXIES = ["192.0.2.1", "2001:db8::/32"]
    proxies = trusted_proxies()
    assert client_address(factory.get("/", REMOTE_ADDR="203.0.113.5", HTTP_X_FORWARDED_FOR="9.9.9.9"), proxies) == (
        "203.0.113.5"
    )
    via_proxy = factory.get("/", REMOTE_ADDR="192.0.2.1", HTTP_X_FORWARDED_FOR="9.9.9.9, 2001:db8::1, 198.51.100.2")
    assert client_address(via_proxy, proxies) == "198.51.100.2"
    only_proxies = factory.get("/", REMOTE_ADDR="2001:db8::5", HTTP_X_FORWARDED_FOR="192.0.2.1")
    assert client_address(only_proxies, proxies) == "192.0.2.1"
    assert client_address(factory.get("/", REMOTE_ADDR="garbage"), proxies) is None


def test_bearer_token_user_is_the_actor(client, users, orgs):
    token = client.post(
        "/api/v1/auth/token", {"username": "mondulkiri", "password": "pass-word-123"}, content_type="application/json"
    ).json()["token"]
    client.logout()
    payload = {
        "family_name_km": "សុខ",
        "given_name_km": "ដារ៉ា",
        "sex": "F",
        "organisation_id": orgs["dosvy-11"].pk,
        "position": "Social worker",
        "level": "technical",
        "start_date": "2024-01-01",
    }
    created = client.post(
        "/api/v1/officials",
        json.dumps(payload),
        content_type="application/json",
        HTTP_AUTHORIZATION=f"Bearer {token}",
        REMOTE_ADDR="198.51.100.9",
        HTTP_X_FORWARDED_FOR="6.6.6.6",
    )
    assert created.status_code == 201
    entries = LogEntry.objects.filter(object_pk=str(created.json()["id"]), content_type__model="person")
    assert {(entry.actor.username, entry.remote_addr) for entry in entries} == {("mondulkiri", "198.51.100.9")}


def test_services_outside_requests_name_their_actor(users, orgs):
    officer = users[Role.PROVINCIAL_OFFICER]
    person = make_official(orgs["dosvy-11"], national_id="119999999")
    assert LogEntry.objects.filter(object_pk=str(person.pk), content_type__model="person").first().actor is None
    from frontline.people.services import person_update

    person_update(acting_user=officer, person=person, phone="012000111")
    entry = last_update(person)
    assert entry.actor == officer and entry.remote_addr is None


def test_acting_as_keeps_the_address_and_gives_the_context_back(users, orgs):
    officer, national = users[Role.PROVINCIAL_OFFICER], users[Role.NATIONAL_ADMIN]
    from frontline.organisations.services import organisation_update

    with audit_context(actor=officer, remote_addr="192.0.2.44"):
        with acting_as(national):
            organisation_update(acting_user=national, organisation=orgs["dosvy-11"], abbreviation="DoSVY")
        organisation = Organisation.objects.get(pk=orgs["dosvy-11"].pk)
        organisation.abbreviation = "DSVY"
        organisation.save()  # a write outside any service: the enclosing context's actor
    entries = LogEntry.objects.filter(object_pk=str(orgs["dosvy-11"].pk), action=LogEntry.Action.UPDATE).order_by("id")
    assert [(e.actor, e.remote_addr) for e in entries] == [(national, "192.0.2.44"), (officer, "192.0.2.44")]
