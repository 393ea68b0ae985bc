"""Every role against the voice records inside and outside its scope, on every page that takes
a record id (VOICE_ROUTES joins the route inventory of frontline/tests/test_permission_matrix.py).

The world: a concern, forum, household visit and mission in Mondulkiri (Srae Khtum, inside the
district and commune officers' areas) and the same in Kandal.
"""

import datetime

import pytest
from django.core.files.base import ContentFile

from frontline.accounts.roles import ROLE_PERMISSIONS, Perm, Role
from frontline.geography.models import Area, Kind, Level
from frontline.voice.models import Attachment, ConcernUpdate, ForumLevel, WorkingGroupAction
from frontline.voice.services import forum_save, mission_save, visit_save

pytestmark = pytest.mark.django_db

BOTH = {"mondulkiri", "kandal"}
SEES = {
    Role.SYSTEM_ADMIN: BOTH,
    Role.NATIONAL_ADMIN: BOTH,
    Role.AUDITOR: BOTH,
    Role.WORKING_GROUP: BOTH,
    Role.PROVINCIAL_OFFICER: {"mondulkiri"},
    Role.DISTRICT_OFFICER: {"mondulkiri"},
    Role.COMMUNE_OFFICER: {"mondulkiri"},
    Role.TRAINING_COORDINATOR: set(),
    Role.TRAINER: set(),
    Role.PARTNER: set(),
}
HANDLES = {role: seen for role, seen in SEES.items() if Perm.VOICE_HANDLE in ROLE_PERMISSIONS[role]}
ACTS = {role: seen for role, seen in SEES.items() if Perm.VOICE_ACT in ROLE_PERMISSIONS[role]}
RECORDS = {role: seen for role, seen in SEES.items() if Perm.VOICE_RECORD in ROLE_PERMISSIONS[role]}
# Forums and visits are the commune's and district's too; a mission to Mondulkiri is recorded
# at province level, so commune and district officers do not see it.
SEES_MISSION = {**SEES, Role.DISTRICT_OFFICER: set(), Role.COMMUNE_OFFICER: set()}
EDITS_MISSION = {
    role: SEES_MISSION[role] for role in SEES if {Perm.VOICE_ACT, Perm.VOICE_MANAGE} & ROLE_PERMISSIONS[role]
}

VOICE_ROUTES = {
    "voice/concerns/<int:pk>/": "test_concern_pages",
    "voice/concerns/<int:pk>/transition/": "test_concern_writes",
    "voice/concerns/<int:pk>/route/": "test_concern_writes",
    "voice/concerns/<int:pk>/merge/": "test_concern_writes",
    "voice/concerns/<int:pk>/act/": "test_concern_writes",
    "voice/concerns/<int:pk>/attachments/<int:attachment_id>/": "test_concern_pages",
    "voice/forums/<int:pk>/": "test_hearing_pages",
    "voice/forums/<int:pk>/edit/": "test_hearing_pages",
    "voice/visits/<int:pk>/": "test_hearing_pages",
    "voice/visits/<int:pk>/edit/": "test_hearing_pages",
    "voice/missions/<int:pk>/": "test_hearing_pages",
    "voice/missions/<int:pk>/edit/": "test_hearing_pages",
    # Public: anyone with the code; they show no personal data (frontline/voice/tests/test_public.py).
    "track/<str:code>/": "test_public_pages_by_code",
    "track/<str:code>/photos/<int:pk>": "test_public_pages_by_code",
    # Open311: public reads without personal data, writes with an API key (test_open311.py).
    "open311/v2/^services/(?P<code>[-\\w]+)\\.(?P<fmt>json|xml)$": "test_public_pages_by_code",
    "open311/v2/^requests/(?P<request_id>[-\\w]+)\\.(?P<fmt>json|xml)$": "test_public_pages_by_code",
    "open311/v2/^tokens/(?P<token>[-\\w]+)\\.(?P<fmt>json|xml)$": "test_public_pages_by_code",
    "open311/v2/^discovery\\.(?P<fmt>json|xml)$": "test_public_pages_by_code",
    "open311/v2/^services\\.(?P<fmt>json|xml)$": "test_public_pages_by_code",
    "open311/v2/^requests\\.(?P<fmt>json|xml)$": "test_public_pages_by_code",
    "open311/v2/^(?P<rest>.*)$": "test_public_pages_by_code",
}


@pytest.fixture
def kandal_village(areas):
    commune = Area.objects.create(
        code="080101", parent=areas["0801"], level=Level.COMMUNE, kind=Kind.COMMUNE, name_km="ឃុំ", name_en="Commune"
    )
    return Area.objects.create(
        code="08010101", parent=commune, level=Level.VILLAGE, kind=Kind.VILLAGE, name_km="ភូមិ", name_en="Village"
    )


@pytest.fixture
def world(users, ladder, village, kandal_village, make_concern, areas):
    admin = users[Role.SYSTEM_ADMIN]
    day = datetime.date(2026, 3, 2)
    records = {}
    for name, place, province, organiser in (
        ("mondulkiri", village, areas["11"], ladder["commune"]),
        ("kandal", kandal_village, areas["08"], ladder["kandal"]),
    ):
        concern = make_concern(area=place)
        Attachment.objects.create(
            concern=concern,
            file=ContentFile(b"%PDF-1.4\n%%EOF", name="a.pdf"),
            content_type="application/pdf",
            size=14,
        )
        mission = mission_save(
            acting_user=admin,
            title_km="បេសកកម្ម",
            title_en="Mission",
            organiser=ladder["nwg"],
            area=province,
            start_date=day,
            end_date=day,
        )
        forum = forum_save(
            acting_user=admin,
            mission=mission,
            level=ForumLevel.COMMUNE,
            area=place.parent,
            held_on=day,
            venue="Pagoda",
            organiser=organiser,
            attendance_female=10,
            attendance_male=8,
        )
        visit = visit_save(
            acting_user=admin,
            mission=mission,
            team="Team A",
            organiser=organiser,
            area=place,
            visited_on=day,
            household="Household 1",
        )
        records[name] = {"concern": concern, "mission": mission, "forum": forum, "visit": visit}
    return records


def _status(allowed: bool) -> int:
    return 200 if allowed else 404


@pytest.mark.parametrize("role", list(Role))
def test_concern_pages(role, users, world, client):
    client.force_login(users[role])
    for name, records in world.items():
        concern = records["concern"]
        sees = name in SEES[role]
        assert client.get(f"/en/voice/concerns/{concern.pk}/").status_code == _status(sees), (role, name)
        attachment = concern.attachments.get()
        url = f"/en/voice/concerns/{concern.pk}/attachments/{attachment.pk}/"
        assert client.get(url).status_code == _status(sees), (role, name)
    listed = client.get("/en/voice/concerns/")
    assert listed.status_code == _status(bool(SEES[role]))
    if listed.status_code == 200:
        page = listed.content.decode()
        for name, records in world.items():
            assert (records["concern"].tracking_code in page) == (name in SEES[role]), (role, name)


@pytest.mark.parametrize("role", list(Role))
def test_concern_writes(role, users, world, client, ladder):
    """A write on a concern out of view answers 404, one seen but not to be handled 403; neither
    writes anything. Within reach the write runs."""
    client.force_login(users[role])
    for name, records in world.items():
        concern = records["concern"]
        base = f"/en/voice/concerns/{concern.pk}/"
        steps = concern.updates.count()
        handles = name in HANDLES.get(role, set())
        refused = (403,) if name in SEES[role] else (404,)
        moved = client.post(base + "transition/", {"status": "acknowledged", "public_note": "Seen, thank you."})
        assert moved.status_code in ((200, 302) if handles else refused), (role, name, moved.status_code)
        routed = client.post(base + "route/", {"authority": ladder["district"].pk, "internal_note": "district"})
        assert routed.status_code in ((200, 302) if handles else refused), (role, name)
        merged = client.post(base + "merge/", {"codes": "XXXX-XXXX"})
        assert merged.status_code in ((200, 302, 400) if handles else refused), (role, name)
        if not handles:
            assert concern.updates.count() == steps, (role, name)
        else:
            assert concern.updates.filter(kind=ConcernUpdate.Kind.TRANSITION).exists(), (role, name)
        acts = name in ACTS.get(role, set())
        acted = client.post(base + "act/", {"kind": "urge", "note": "Please act."})
        assert acted.status_code in ((200, 302) if acts else (403,) if name in SEES[role] else (404,)), (role, name)
        assert WorkingGroupAction.objects.filter(concern=concern).exists() == acts, (role, name)


@pytest.mark.parametrize("role", list(Role))
def test_hearing_pages(role, users, world, client):
    client.force_login(users[role])
    for name, records in world.items():
        for kind in ("forum", "visit"):
            pk = records[kind].pk
            sees = name in SEES[role]
            assert client.get(f"/en/voice/{kind}s/{pk}/").status_code == _status(sees), (role, name, kind)
            edits = name in RECORDS.get(role, set())
            assert client.get(f"/en/voice/{kind}s/{pk}/edit/").status_code == _status(edits), (role, name, kind)
        pk = records["mission"].pk
        sees = name in SEES_MISSION[role]
        assert client.get(f"/en/voice/missions/{pk}/").status_code == _status(sees), (role, name)
        edits = name in EDITS_MISSION.get(role, set())
        assert client.get(f"/en/voice/missions/{pk}/edit/").status_code == _status(edits), (role, name)


def test_public_pages_by_code(world, client):
    """Public addresses take a tracking code, not an id: an unknown code is 404, a known one
    shows no name or phone; Open311 reads the same way."""
    concern = world["mondulkiri"]["concern"]
    page = client.get(f"/track/{concern.tracking_code}/")
    assert page.status_code == 200
    assert concern.reporter_name not in page.content.decode()
    assert client.get("/track/ZZZZ-ZZZZ/").status_code == 404
    detail = client.get(f"/open311/v2/requests/{concern.tracking_code}.json")
    assert detail.status_code == 200 and concern.reporter_name not in detail.content.decode()
    assert client.get("/open311/v2/requests/ZZZZ-ZZZZ.json").status_code == 404
    photo = concern.attachments.get()
    assert client.get(f"/track/{concern.tracking_code}/photos/{photo.pk}").status_code == 404  # a PDF is no photo
    assert client.get(f"/track/ZZZZ-ZZZZ/photos/{photo.pk}").status_code == 404
