"""The staff pages of the citizens' voice: scoping, the concern page and its forms, the list,
intake, forums, visits, missions, the inbox, attachments, and query counts."""

import datetime
import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone
from PIL import Image

from conftest import user_with
from frontline.accounts.roles import Role
from frontline.voice.models import (
    ActionKind,
    Channel,
    Concern,
    ConcernUpdate,
    Forum,
    HouseholdVisit,
    Mission,
    Notification,
    Status,
    WorkingGroupAction,
)
from frontline.voice.services import concern_transition, forum_save

HTMX = {"HTTP_HX_REQUEST": "true"}
TODAY = timezone.localdate()


@pytest.fixture
def officer(users):
    return users[Role.PROVINCIAL_OFFICER]


def test_a_kandal_officer_cannot_reach_a_mondulkiri_concern(client, make_concern, officer, kandal_officer):
    concern = make_concern()
    client.force_login(kandal_officer)
    assert client.get(f"/en/voice/concerns/{concern.pk}/").status_code == 404
    assert concern.tracking_code not in client.get("/en/voice/concerns/").content.decode()
    refused = client.post(
        f"/en/voice/concerns/{concern.pk}/transition/", {"status": Status.ACKNOWLEDGED, "public_note": "x"}
    )
    assert refused.status_code == 404
    client.force_login(officer)
    page = client.get(f"/en/voice/concerns/{concern.pk}/")
    assert page.status_code == 200 and concern.tracking_code in page.content.decode()


def test_anonymous_visitors_are_sent_to_sign_in(client, make_concern):
    concern = make_concern()
    assert client.get(f"/km/voice/concerns/{concern.pk}/").status_code == 302
    assert client.get("/km/voice/dashboard/").status_code == 302


def test_a_working_group_member_views_and_acts_but_does_not_transition(client, make_concern, working_group_user):
    concern = make_concern()
    client.force_login(working_group_user)
    page = client.get(f"/en/voice/concerns/{concern.pk}/")
    assert page.status_code == 200
    assert page.context["act_form"] is not None and page.context["transition_form"] is None
    refused = client.post(
        f"/en/voice/concerns/{concern.pk}/transition/",
        {"status": Status.ACKNOWLEDGED, "public_note": "We decide."},
    )
    assert refused.status_code == 403
    concern.refresh_from_db()
    assert concern.status == Status.RECEIVED
    done = client.post(
        f"/en/voice/concerns/{concern.pk}/act/", {"kind": ActionKind.URGE, "note": "Please repair the well."}
    )
    assert done.status_code == 302
    action = WorkingGroupAction.objects.get(concern=concern)
    assert action.author == working_group_user and action.unit == concern.authority
    assert Notification.objects.filter(concern=concern, kind=Notification.Kind.ACTION).exists()
    missing = client.post(f"/en/voice/concerns/{concern.pk}/act/", {"kind": ActionKind.MOBILISE, "note": "Funds"})
    assert "Name the partner whose resources are mobilised." in missing.content.decode()
    assert WorkingGroupAction.objects.count() == 1


def test_a_confidential_person_is_shown_only_to_the_handling_unit(client, make_concern, officer, commune_handler):
    concern = make_concern(confidential=True, reporter_name="Chea Sopheap")
    client.force_login(officer)
    page = client.get(f"/en/voice/concerns/{concern.pk}/").content.decode()
    assert "Chea Sopheap" not in page and "012" not in page
    assert "only the handling unit sees who raised it" in page
    client.force_login(commune_handler)
    assert "Chea Sopheap" in client.get(f"/en/voice/concerns/{concern.pk}/").content.decode()


def test_transitions_through_the_page_and_an_invalid_one_refused_with_its_message(client, make_concern, officer):
    concern = make_concern()
    client.force_login(officer)
    page = client.get(f"/en/voice/concerns/{concern.pk}/")
    offered = [value for value, _label in page.context["transition_form"].fields["status"].widget.choices]
    assert Status.ACKNOWLEDGED in offered and Status.CLOSED not in offered
    refused = client.post(
        f"/en/voice/concerns/{concern.pk}/transition/", {"status": Status.CLOSED, "internal_note": "close it"}
    )
    assert refused.status_code == 200
    assert "A concern that is “Received” cannot become “Closed”." in refused.content.decode()
    concern.refresh_from_db()
    assert concern.status == Status.RECEIVED
    done = client.post(
        f"/en/voice/concerns/{concern.pk}/transition/",
        {"status": Status.ACKNOWLEDGED, "public_note": "We will visit next week.", "internal_note": "Call chief"},
        **HTMX,
    )
    assert done.status_code == 204 and done["HX-Redirect"] == f"/en/voice/concerns/{concern.pk}/"
    concern.refresh_from_db()
    assert concern.status == Status.ACKNOWLEDGED
    step = ConcernUpdate.objects.filter(concern=concern, kind=ConcernUpdate.Kind.TRANSITION).get()
    assert step.public_note == "We will visit next week." and step.internal_note == "Call chief"
    assert step.author == officer
    # An answer is required to resolve: the HTMX fragment carries the form and its message.
    missing = client.post(
        f"/en/voice/concerns/{concern.pk}/transition/", {"status": Status.RESOLVED, "internal_note": "x"}, **HTMX
    )
    body = missing.content.decode()
    assert missing.status_code == 200 and "Write the answer the citizen will read." in body
    assert "<html" not in body and 'id="transition-form"' in body


def test_route_confirms_or_changes_the_authority(client, make_concern, officer, ladder):
    concern = make_concern()
    client.force_login(officer)
    client.post(f"/en/voice/concerns/{concern.pk}/route/", {"authority": ladder["district"].pk, "internal_note": "x"})
    concern.refresh_from_db()
    assert concern.authority == ladder["district"] and concern.routing_confirmed
    assert Notification.objects.filter(concern=concern, unit=ladder["district"], kind="routed").exists()
    # Typed by code without JavaScript; a unit of another province is not offered to him.
    client.post(f"/en/voice/concerns/{concern.pk}/route/", {"authority_search": "admin-110101"})
    concern.refresh_from_db()
    assert concern.authority == ladder["commune"]
    refused = client.post(f"/en/voice/concerns/{concern.pk}/route/", {"authority": ladder["kandal"].pk})
    assert refused.status_code == 200 and refused.context["route_form"].errors
    concern.refresh_from_db()
    assert concern.authority == ladder["commune"]
    choices = client.get("/en/voice/organisations/choose/?for=authority&name=authority&authority_search=Kandal")
    assert "Kandal Provincial" not in choices.content.decode()
    ministries = client.get("/en/voice/organisations/choose/?for=authority&name=authority&authority_search=Interior")
    assert "Ministry of Interior" in ministries.content.decode()


def test_merge_by_tracking_codes_keeps_every_reporter_and_history(client, make_concern, officer):
    primary = make_concern()
    duplicate = make_concern(reporter_name="Keo Srey", reporter_phone="097 111 222")
    client.force_login(officer)
    unknown = client.post(f"/en/voice/concerns/{primary.pk}/merge/", {"codes": "ZZZZ-ZZZZ"})
    assert "No concern you handle has the code ZZZZ-ZZZZ." in unknown.content.decode()
    code = duplicate.tracking_code.replace("-", "").lower()
    client.post(f"/en/voice/concerns/{primary.pk}/merge/", {"codes": code, "internal_note": "same well"})
    duplicate.refresh_from_db()
    assert duplicate.merged_into == primary and duplicate.status == Status.CLOSED
    page = client.get(f"/en/voice/concerns/{primary.pk}/")
    body = page.content.decode()
    assert "Keo Srey" in body and duplicate.tracking_code in body
    assert f'<span class="badge">{duplicate.tracking_code}</span>' in body  # its steps in the timeline
    timeline_concerns = {update.concern_id for update in page.context["timeline"]}
    assert timeline_concerns == {primary.pk, duplicate.pk}
    listed = client.get("/en/voice/concerns/").context["page"]
    assert [c.pk for c in listed] == [primary.pk]  # the duplicate is reached through its primary


def test_list_filters_search_and_counts(client, make_concern, categories, officer, users):
    water = make_concern()
    road = make_concern(category=categories["roads"], description="ផ្លូវលំក្នុងភូមិខូចខាតខ្លាំង")
    concern_transition(acting_user=officer, concern=road, status=Status.ACKNOWLEDGED, public_note="ok")
    client.force_login(officer)
    everything = client.get("/en/voice/concerns/")
    assert everything.context["page"].total == 2 and not everything.context["page"].capped
    by_status = client.get("/en/voice/concerns/?province=11&status=acknowledged").context["page"]
    assert [c.pk for c in by_status] == [road.pk] and by_status.total == 1
    by_category = client.get("/en/voice/concerns/?category=water").context["page"]
    assert [c.pk for c in by_category] == [water.pk] and by_category.total == 1
    by_channel = client.get("/en/voice/concerns/?channel=web&district=1101&province=11").context["page"]
    assert by_channel.total == 2
    khmer = client.get("/en/voice/concerns/?q=អណ្ដូងទឹក").context["page"]  # typed without spaces
    assert [c.pk for c in khmer] == [water.pk] and khmer.total == 1
    assert list(client.get("/en/voice/concerns/?q=nothinglikethis").context["page"]) == []
    fragment = client.get("/km/voice/concerns/?status=received", HTTP_HX_REQUEST="true", HTTP_HX_TARGET="results")
    body = fragment.content.decode()
    assert "<html" not in body and water.tracking_code in body and "១" in body  # Khmer digits
    junk = client.get("/en/voice/concerns/?province=1x&status=nope&page=abc")
    assert junk.status_code == 200 and junk.context["page"].total == 2
    client.force_login(users[Role.NATIONAL_ADMIN])
    assert client.get("/en/voice/concerns/?province=11").context["page"].total == 2


def test_staff_record_a_hotline_concern_within_their_scope(client, categories, officer, kandal_officer, village):
    client.force_login(officer)
    form = {
        "channel": Channel.HOTLINE,
        "category": categories["health"].pk,
        "area": village.code,
        "description": "មណ្ឌលសុខភាពបិទទ្វារញឹកញាប់",
        "reporter_group": "citizen",
        "reporter_name": "Sok Dara",
        "reporter_phone": "012 345 678",
    }
    done = client.post("/en/voice/concerns/new/", form)
    concern = Concern.objects.get()
    assert done.status_code == 302 and done["Location"] == f"/en/voice/concerns/{concern.pk}/"
    assert concern.channel == Channel.HOTLINE and concern.created_by == officer
    missing = client.post("/en/voice/concerns/new/", {**form, "category": "", "area": ""})
    assert "Choose what the concern is about." in missing.content.decode()
    assert "Say where: choose at least the commune." in missing.content.decode()
    no_forum = client.post("/en/voice/concerns/new/", {**form, "channel": Channel.FORUM})
    assert "Choose the forum where it was heard." in no_forum.content.decode()
    client.force_login(kandal_officer)
    outside = client.post("/en/voice/concerns/new/", form)
    assert outside.status_code == 200 and Concern.objects.count() == 1


def test_staff_forms_pick_the_area_by_name_and_check_it_on_the_field(client, categories, officer, ladder, village):
    """The concern, forum and visit forms offer a search box (suggestions from /areas/choose/ by
    htmx, served from our own static files) and still submit and check the area's code."""
    client.force_login(officer)
    for url, levels in (
        ("/en/voice/concerns/new/", "level=commune&amp;level=village"),
        ("/en/voice/forums/new/", "level=province&amp;level=district&amp;level=commune"),
        ("/en/voice/visits/new/", "level=village"),
    ):
        page = client.get(url).content.decode()
        assert f'hx-get="/en/areas/choose/?{levels}&amp;name=area"' in page, url
        assert 'type="hidden" name="area"' in page and 'name="area_search"' in page
        assert "/static/vendor/htmx/htmx.min.js" in page and "unpkg" not in page and "cdn" not in page.lower()
    suggested = client.get("/en/areas/choose/", {"level": ["commune", "village"], "name": "area", "area_search": "ពូលូ"})
    assert 'data-choice-value="11010101"' in suggested.content.decode()
    form = {
        "channel": Channel.HOTLINE,
        "category": categories["health"].pk,
        "description": "មណ្ឌលសុខភាពបិទទ្វារញឹកញាប់",
        "reporter_group": "citizen",
        "reporter_name": "Sok Dara",
        "reporter_phone": "012 345 678",
    }
    unknown = client.post("/en/voice/concerns/new/", {**form, "area": "", "area_search": "Phum Nowhere"})
    assert unknown.status_code == 200 and Concern.objects.count() == 0
    assert unknown.context["form"].errors["area"] == [
        "No single place of the right level has this name: choose one of the suggestions."
    ]
    assert 'value="Phum Nowhere"' in unknown.content.decode()  # what was typed stays in the box
    district = client.post("/km/voice/concerns/new/", {**form, "area": "1101"})
    assert district.context["form"].errors["area"] == ["គ្មានទីកន្លែងនៃថ្នាក់ត្រឹមត្រូវណាមួយមានលេខកូដនេះទេ។"]
    refused = client.post("/en/voice/concerns/new/", {**form, "category": "", "area": village.code})
    assert 'value="Pu Lung (11010101)"' in refused.content.decode()  # the chosen place, by name
    typed = client.post("/en/voice/concerns/new/", {**form, "area": "", "area_search": "Pu Lung"})  # no JavaScript
    assert typed.status_code == 302 and Concern.objects.get().area == village
    visit = {"team": "Team A", "organiser": ladder["commune"].pk, "visited_on": str(TODAY), "household": "Mr Sam"}
    commune = client.post("/en/voice/visits/new/", {**visit, "area_search": "Srae Khtum (110101)"})
    assert commune.context["form"].errors["area"] == ["No place of the right level has this code."]
    done = client.post("/en/voice/visits/new/", {**visit, "area": "", "area_search": "១១០១០១០១"})
    assert done.status_code == 302 and HouseholdVisit.objects.get().area == village


def test_forums_visits_and_missions(client, officer, working_group_user, ladder, areas, village, categories):
    client.force_login(working_group_user)
    created = client.post(
        "/en/voice/missions/new/",
        {
            "title_km": "បេសកកម្មមណ្ឌលគិរី",
            "title_en": "Mondulkiri mission",
            "organiser": ladder["nwg"].pk,
            "area": "11",
            "start_date": str(TODAY),
            "end_date": str(TODAY + datetime.timedelta(days=2)),
        },
    )
    mission = Mission.objects.get()
    assert created.status_code == 302
    client.force_login(officer)
    assert client.get("/en/voice/missions/new/").status_code == 404  # a mission is the working group's
    forum_form = {
        "mission": mission.pk,
        "level": "commune",
        "area": "110101",
        "held_on": str(TODAY),
        "venue": "Srae Khtum pagoda",
        "organiser": ladder["commune"].pk,
        "attendance_female": 40,
        "attendance_male": 35,
        "attendance_youth": 12,
        "attendance_indigenous": 20,
        "attendance_disability": 2,
    }
    wrong_level = client.post("/en/voice/forums/new/", {**forum_form, "area": "1101"})
    assert "The place must be a Commune." in wrong_level.content.decode()
    client.post("/en/voice/forums/new/", forum_form)
    forum = Forum.objects.get()
    assert forum.mission == mission and forum.attendance_total == 75
    page = client.get(f"/en/voice/forums/{forum.pk}/")
    assert f"/en/voice/concerns/new/?forum={forum.pk}" in page.content.decode()
    intake = client.get(f"/en/voice/concerns/new/?forum={forum.pk}")
    assert intake.context["form"].initial == {"forum": forum.pk, "channel": "forum"}
    client.post(
        "/en/voice/concerns/new/",
        {
            "channel": "forum",
            "forum": forum.pk,
            "category": categories["water"].pk,
            "area": village.code,
            "description": "អណ្ដូងទឹកខូចតាំងពីខែមុន",
            "reporter_group": "youth",
            "anonymous": "on",
        },
    )
    heard = client.get(f"/en/voice/forums/{forum.pk}/").context["concerns"]
    assert len(heard) == 1 and heard[0].channel == Channel.FORUM and heard[0].anonymous
    client.post(
        "/en/voice/visits/new/",
        {
            "mission": mission.pk,
            "team": "Team A",
            "organiser": ladder["commune"].pk,
            "area": village.code,
            "visited_on": str(TODAY + datetime.timedelta(days=1)),
            "household": "Household of Mr Sam",
        },
    )
    visit = HouseholdVisit.objects.get()
    assert client.get(f"/en/voice/visits/{visit.pk}/").status_code == 200
    mission_page = client.get(f"/en/voice/missions/{mission.pk}/")
    assert [f.pk for f in mission_page.context["forums"]] == [forum.pk]
    assert [v.pk for v in mission_page.context["visits"]] == [visit.pk]
    for url in ("/en/voice/forums/", "/en/voice/visits/", "/en/voice/missions/", "/km/voice/forums/?province=11"):
        assert client.get(url).status_code == 200
    edited = client.post(f"/en/voice/forums/{forum.pk}/edit/", {**forum_form, "attendance_female": 50})
    assert edited.status_code == 302
    forum.refresh_from_db()
    assert forum.attendance_female == 50
    kandal = user_with("kandal2", Role.PROVINCIAL_OFFICER, area=areas["08"])
    client.force_login(kandal)
    assert client.get(f"/en/voice/forums/{forum.pk}/").status_code == 404
    assert client.get(f"/en/voice/missions/{mission.pk}/").status_code == 404


def test_the_inbox_shows_the_units_notifications_and_marks_them_read(client, make_concern, commune_handler, users):
    concern = make_concern()
    client.force_login(commune_handler)
    page = client.get("/en/voice/inbox/")
    assert [n.concern_id for n in page.context["rows"]] == [concern.pk]
    client.post("/en/voice/inbox/read/", {"id": page.context["rows"][0].pk})
    assert Notification.objects.get().read_at is not None
    assert client.get("/en/voice/inbox/?unread=1").context["rows"] == []
    other = user_with("kandal3", Role.PROVINCIAL_OFFICER, area=users[Role.PROVINCIAL_OFFICER].assignments.get().area)
    client.force_login(other)
    assert len(client.get("/en/voice/inbox/").context["rows"]) == 1  # the province's units


def _photo() -> SimpleUploadedFile:
    buffer = io.BytesIO()
    Image.new("RGB", (20, 20), "red").save(buffer, "PNG")
    return SimpleUploadedFile("well.png", buffer.getvalue(), content_type="image/png")


def test_attachments_are_served_through_a_scoped_view(client, make_concern, officer, commune_handler, kandal_officer):
    open_one = make_concern(attachments=[_photo()])
    secret = make_concern(attachments=[_photo()], confidential=True)
    client.force_login(officer)
    attachment = open_one.attachments.get()
    served = client.get(f"/en/voice/concerns/{open_one.pk}/attachments/{attachment.pk}/")
    assert served.status_code == 200 and served["Content-Type"] == "image/jpeg"
    hidden = secret.attachments.get()
    assert client.get(f"/en/voice/concerns/{secret.pk}/attachments/{hidden.pk}/").status_code == 404
    assert client.get(f"/en/voice/concerns/{secret.pk}/attachments/{attachment.pk}/").status_code == 404
    client.force_login(commune_handler)
    assert client.get(f"/en/voice/concerns/{secret.pk}/attachments/{hidden.pk}/").status_code == 200
    client.force_login(kandal_officer)
    assert client.get(f"/en/voice/concerns/{open_one.pk}/attachments/{attachment.pk}/").status_code == 404


def test_pages_do_a_fixed_number_of_queries(client, make_concern, officer, ladder, django_assert_max_num_queries):
    concerns = [make_concern() for _ in range(3)]
    for concern in concerns[1:]:
        concern_transition(acting_user=officer, concern=concern, status=Status.ACKNOWLEDGED, public_note="ok")
    client.force_login(officer)
    client.post(f"/en/voice/concerns/{concerns[0].pk}/merge/", {"codes": concerns[1].tracking_code})
    client.get("/km/voice/concerns/")  # warm the session
    with django_assert_max_num_queries(10):
        assert client.get("/km/voice/concerns/").status_code == 200
    with django_assert_max_num_queries(10):
        client.get("/km/voice/concerns/?province=11&status=received&q=អណ្ដូង")
    with django_assert_max_num_queries(26):
        assert client.get(f"/km/voice/concerns/{concerns[0].pk}/").status_code == 200
    forum = forum_save(
        acting_user=officer,
        level="commune",
        area=ladder["commune"].area,
        held_on=str(TODAY),
        venue="Hall",
        organiser=ladder["commune"],
    )
    with django_assert_max_num_queries(14):
        assert client.get(f"/km/voice/forums/{forum.pk}/").status_code == 200
    with django_assert_max_num_queries(10):
        assert client.get("/km/voice/inbox/").status_code == 200


def test_the_navigation_shows_the_module_to_voice_users(client, users):
    client.force_login(users[Role.PROVINCIAL_OFFICER])
    assert "/en/voice/concerns/" in client.get("/en/voice/dashboard/").content.decode()
    client.force_login(users[Role.TRAINER])
    assert client.get("/en/voice/concerns/").status_code == 404


def test_list_rows_link_each_concern_and_show_its_text_as_text(client, make_concern, officer):
    concern = make_concern(description='អណ្ដូងទឹកខូច 5 < 6 & "ចាស់" ' + "ក" * 100)
    client.force_login(officer)
    html = client.get("/en/voice/concerns/").content.decode()
    assert f'<a href="/en/voice/concerns/{concern.pk}/">{concern.tracking_code}</a>' in html
    assert "អណ្ដូងទឹកខូច 5 &lt; 6 &amp; &quot;ចាស់&quot;" in html
    assert "ក" * 100 not in html  # cut to 80 characters, as the page always did
    assert f'<span class="badge status-{concern.status}">{concern.get_status_display()}</span>' in html
    assert client.get("/en/voice/concerns/?status=closed").content.decode().count("No concerns found.") == 1
