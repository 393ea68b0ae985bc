import pytest
from auditlog.models import LogEntry

from frontline.organisations.models import Organisation

pytestmark = pytest.mark.django_db


def test_admin_changes_are_audited_with_the_admin_as_actor(admin_client, admin_user, orgs):
    organisation = orgs["dosvy-11"]
    response = admin_client.post(
        f"/en/admin/organisations/organisation/{organisation.pk}/change/",
        {
            "code": organisation.code,
            "kind": organisation.kind,
            "name_km": organisation.name_km,
            "name_en": "Mondulkiri Provincial Department of Social Affairs",
            "abbreviation": "DoSVY",
            "area": organisation.area_id,
            "is_active": "on",
        },
    )
    assert response.status_code == 302, response.content.decode()[:2000]
    organisation.refresh_from_db()
    assert organisation.abbreviation == "DoSVY"
    entry = LogEntry.objects.filter(object_pk=str(organisation.pk), action=LogEntry.Action.UPDATE).latest("timestamp")
    assert entry.actor == admin_user
    assert entry.changes_dict["abbreviation"] == ["", "DoSVY"]
    # search text follows the new name (the admin goes through the service)
    assert " dosvy " in Organisation.objects.get(pk=organisation.pk).search_text
