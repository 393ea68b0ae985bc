"""A confidential concern's person stays hidden in its audit entries: the audit log, the history
panel of the concern page and the admin's audit pages show "hidden: confidential" in place of
the reporter's fields (and of the citizen's own address) to everyone but the handling unit."""

import pytest
from auditlog.models import LogEntry

from conftest import user_with
from frontline.accounts.models import RoleAssignment
from frontline.accounts.roles import Role
from frontline.voice.models import Concern
from frontline.voice.selectors import persons_hidden_from

pytestmark = pytest.mark.django_db

NAME, PHONE, EMAIL = "Chea Sopheap", "012 987 654", "sopheap@example.org"
CITIZEN_ADDRESS = "203.0.113.7"


@pytest.fixture
def secret(make_concern):
    return make_concern(confidential=True, reporter_name=NAME, reporter_phone=PHONE, reporter_email=EMAIL)


@pytest.fixture
def auditor_in_the_unit(areas, ladder):
    """A national auditor who also works in the commune administration that handles the concern."""
    user = user_with("auditing-clerk", Role.AUDITOR)
    RoleAssignment.objects.create(
        user=user, role=Role.COMMUNE_OFFICER, area=areas["110101"], organisation=ladder["commune"]
    )
    return user


def _person_shown(body: str) -> bool:
    return any(value in body for value in (NAME, "012987654", PHONE, EMAIL))


def test_the_audit_log_hides_a_confidential_person_from_auditors(client, users, secret, make_concern):
    open_one = make_concern(reporter_name="Keo Vanna", reporter_phone="097 111 222")
    client.force_login(users[Role.AUDITOR])
    body = client.get("/en/audit/?model=concern").content.decode()
    assert secret.tracking_code in body and open_one.tracking_code in body
    assert not _person_shown(body)
    assert "hidden: confidential" in body
    assert "Keo Vanna" in body  # a concern that is not confidential shows its person as before
    assert "អណ្ដូងទឹក" in body
    khmer = client.get("/km/audit/?model=concern").content.decode()
    assert not _person_shown(khmer) and "បានលាក់៖ សម្ងាត់" in khmer


def test_the_handling_unit_reads_the_person_in_the_audit_log(client, auditor_in_the_unit, secret):
    client.force_login(auditor_in_the_unit)
    body = client.get("/en/audit/?model=concern").content.decode()
    assert NAME in body and EMAIL in body and "hidden: confidential" not in body


def test_the_citizens_own_address_is_hidden_with_the_person(client, users, form_data):
    filed = client.post("/report/", {**form_data, "confidential": "on"}, REMOTE_ADDR=CITIZEN_ADDRESS)
    assert filed.status_code == 302
    concern = Concern.objects.get()
    assert concern.confidential
    entry = LogEntry.objects.get(content_type__model="concern", object_pk=str(concern.pk))
    assert str(entry.remote_addr) == CITIZEN_ADDRESS  # recorded, only not shown
    client.force_login(users[Role.AUDITOR])
    body = client.get("/en/audit/?model=concern").content.decode()
    assert concern.tracking_code in body and CITIZEN_ADDRESS not in body and "Sok Dara" not in body
    page = client.get(f"/en/voice/concerns/{concern.pk}/").content.decode()
    history = page[page.index('<ol class="history">', page.index("History</h2>")) :]
    assert CITIZEN_ADDRESS not in history and "Sok Dara" not in history


def test_the_concern_page_history_is_redacted_outside_the_handling_unit(client, users, secret, commune_handler):
    client.force_login(users[Role.PROVINCIAL_OFFICER])
    page = client.get(f"/en/voice/concerns/{secret.pk}/")
    history = page.context["history"]
    assert history, "the history panel is shown, with the person hidden"
    labels = {change.label: change for change in history[-1].changes}
    assert labels["Name"].after == "hidden: confidential" and labels["Phone"].before == "hidden: confidential"
    assert labels["Description"].after.startswith("អណ្ដូងទឹក")
    assert not _person_shown(page.content.decode())
    client.force_login(commune_handler)
    handled = client.get(f"/en/voice/concerns/{secret.pk}/").content.decode()
    history_html = handled[handled.index("History</h2>") :]
    assert NAME in history_html and EMAIL in history_html


def test_the_admin_audit_pages_hide_the_person_and_do_not_search_it(admin_client, secret, make_concern):
    open_one = make_concern(reporter_name="Keo Vanna", reporter_phone="097 111 222")
    entry = LogEntry.objects.get(content_type__model="concern", object_pk=str(secret.pk))
    detail = admin_client.get(f"/en/admin/auditlog/logentry/{entry.pk}/change/")
    assert detail.status_code == 200
    body = detail.content.decode()
    assert not _person_shown(body) and "hidden: confidential" in body
    shown = LogEntry.objects.get(content_type__model="concern", object_pk=str(open_one.pk))
    assert "Keo Vanna" in admin_client.get(f"/en/admin/auditlog/logentry/{shown.pk}/change/").content.decode()
    # The recorded changes are not searched: a phone number would find its entry.
    found = admin_client.get("/en/admin/auditlog/logentry/", {"q": "Sopheap"})
    assert found.status_code == 200 and found.context["cl"].result_count == 0


def test_persons_hidden_from(users, secret, make_concern, commune_handler):
    open_one = make_concern()
    keys = {str(secret.pk), str(open_one.pk), "999999", "not-a-key"}
    hidden = {str(secret.pk), "999999", "not-a-key"}  # unknown keys: nobody can say who handled them
    assert persons_hidden_from(users[Role.AUDITOR], keys) == hidden
    assert persons_hidden_from(users[Role.NATIONAL_ADMIN], keys) == hidden
    assert persons_hidden_from(None, keys) == hidden
    assert persons_hidden_from(commune_handler, keys) == {"999999", "not-a-key"}


def test_a_page_that_knows_the_answer_is_not_asked_again(users, secret, django_assert_num_queries):
    from frontline.audit.redaction import hidden_records

    entries = list(LogEntry.objects.filter(content_type__model="concern", object_pk=str(secret.pk)))
    assert entries
    reader = users[Role.PROVINCIAL_OFFICER]
    assert hidden_records(entries, user=reader) == {Concern: {str(secret.pk)}}  # the reader's roles read
    with django_assert_num_queries(1):  # the concern, read to decide
        assert hidden_records(entries, user=reader) == {Concern: {str(secret.pk)}}
    with django_assert_num_queries(0):
        assert hidden_records(entries, user=reader, known={Concern: set()}) == {Concern: set()}
