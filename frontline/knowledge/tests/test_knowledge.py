import pytest
from django.core.exceptions import ValidationError

from frontline.accounts.roles import Role
from frontline.elearning.tests.conftest import pdf_upload, png_upload
from frontline.knowledge.models import Practice, PracticeStatus
from frontline.knowledge.services import practice_create, practice_publish, practice_update
from frontline.knowledge.tests.conftest import share

pytestmark = pytest.mark.django_db


def codes(error: ValidationError) -> set[str]:
    return {e.code for errors in error.error_dict.values() for e in errors}


def test_a_contribution_is_a_draft_scoped_to_its_unit_until_published(orgs, users, competency):
    practice = share(orgs["admin-1101"], "វេទិកាសាធារណៈ", "Public forums", summary_en="")
    assert practice.status == PracticeStatus.DRAFT and practice.area_code == "1101"
    assert practice.unit_path == orgs["admin-1101"].path
    assert not Practice.objects.visible_to(users[Role.AUDITOR]).exists()  # a draft: only its unit and organisers
    assert Practice.objects.visible_to(users[Role.DISTRICT_OFFICER]).get() == practice
    with pytest.raises(ValidationError) as refused:
        practice_publish(acting_user=users[Role.PROVINCIAL_OFFICER], practice=practice)
    assert "practice_summary_en" in codes(refused.value)  # the library is read in both languages
    practice_update(acting_user=None, practice=practice, summary_en="Public forums where people are heard")
    practice_publish(acting_user=users[Role.PROVINCIAL_OFFICER], practice=practice)
    practice.refresh_from_db()
    assert practice.published_by == users[Role.PROVINCIAL_OFFICER] and practice.published_at
    assert Practice.objects.visible_to(users[Role.AUDITOR]).get() == practice
    with pytest.raises(ValidationError) as refused:
        practice_publish(acting_user=None, practice=practice)
    assert "practice_published" in codes(refused.value)


def test_attachments_are_pdfs_or_pictures_within_their_size(orgs):
    picture = share(orgs["dosvy-11"], "រូប", "Picture", attachment=png_upload(3000, 2000))
    assert not picture.attachment_is_pdf and (picture.image_width, picture.image_height) == (1280, 853)
    document = share(orgs["dosvy-11"], "ឯកសារ", "Document", attachment=pdf_upload())
    assert document.attachment_is_pdf and document.attachment.name.endswith(".pdf")

    from django.core.files.uploadedfile import SimpleUploadedFile

    before = Practice.objects.count()
    refused_files = [
        (SimpleUploadedFile("notes.docx", b"PK\x03\x04 a word document"), "attachment_type"),
        (SimpleUploadedFile("run.exe", b"MZ\x90\x00 a program"), "attachment_type"),
        (SimpleUploadedFile("huge.png", b"\x89PNG" + b"0" * (5 * 1024 * 1024)), "file_too_large"),
        (pdf_upload(b"%PDF-1.7\n" + b"0" * (10 * 1024 * 1024 + 1) + b"\n%%EOF"), "file_too_large"),
        (pdf_upload(b"%PDF-1.7\n1 0 obj<</Type/Catalog>>endobj\n"), "not_a_pdf"),  # cut short: no end
    ]
    for upload, code in refused_files:
        with pytest.raises(ValidationError) as refused:
            practice_create(
                acting_user=None,
                unit=orgs["dosvy-11"],
                kind="innovation",
                title_km="ក",
                title_en="A",
                summary_km="ក",
                attachment=upload,
            )
        assert "attachment" in refused.value.error_dict and code in codes(refused.value), (upload.name, code)
    assert Practice.objects.count() == before
    with pytest.raises(ValidationError) as refused:
        practice_update(acting_user=None, practice=document, attachment=SimpleUploadedFile("x.txt", b"plain text"))
    document.refresh_from_db()
    assert document.attachment_is_pdf and document.attachment.name.endswith(".pdf")  # unchanged


def test_search_finds_practices_in_khmer_typed_without_spaces_and_in_english(client, users, library):
    client.force_login(users[Role.COMMUNE_OFFICER])
    page = client.get("/km/learning/library/")
    body = page.content.decode()
    assert page.status_code == 200 and '<html lang="km">' in body and "បណ្ណាល័យចំណេះដឹង" in body
    assert (
        library["mk_pub"].title_km in body and library["mk_draft"].title_km not in body
    )  # drafts stay with their unit

    found = client.get("/km/learning/library/", {"q": "ច្រកចេញចូលតែមួយ"}).content.decode()  # "one window", no spaces
    assert library["mk_pub"].title_km in found and library["moi_pub"].title_km not in found
    found = client.get("/km/learning/library/", {"q": "ពេលរង់ចាំ"}).content.decode()  # a word of the body
    assert library["mk_pub"].title_km in found
    found = client.get("/en/learning/library/", {"q": "leadership"}).content.decode()
    assert "Leadership in administration" in found and "One Window" not in found
    found = client.get("/en/learning/library/", {"kind": "leadership"}).content.decode()
    assert "Leadership in administration" in found and "One Window" not in found
    by_programme = client.get("/en/learning/library/", {"programme": library["mk_pub"].programmes.get().pk})
    listed = by_programme.content.decode()
    assert "One Window" in listed and "Leadership in administration" not in listed
    api = client.get("/api/v1/practices", {"q": "ច្រកចេញចូល"}).json()
    assert [item["id"] for item in api["items"]] == [library["mk_pub"].pk]
    fragment = client.get("/km/learning/library/?q=ដឹកនាំ", HTTP_HX_REQUEST="true", HTTP_HX_TARGET="results")
    assert b"<html" not in fragment.content and library["moi_pub"].title_km.encode() in fragment.content


def test_a_unit_officer_shares_a_practice_and_an_organiser_publishes_it(client, users, orgs, competency, programme):
    client.force_login(users[Role.DISTRICT_OFFICER])
    refused = client.post("/km/learning/library/new/", {"kind": "good_practice", "title_km": "", "title_en": "x"})
    assert refused.status_code == 200 and not Practice.objects.exists()
    shared = client.post(
        "/km/learning/library/new/",
        {
            "kind": "good_practice",
            "title_km": "វេទិកាសាធារណៈនៅស្រុកកែវសីមា",
            "title_en": "Public forums in Kaev Seima",
            "summary_km": "ប្រជាពលរដ្ឋបានលើកកង្វល់ ហើយរដ្ឋបាលឆ្លើយតបក្នុងរយៈពេលមួយខែ។",
            "summary_en": "Residents raised concerns and the administration answered within a month.",
            "unit": orgs["admin-1101"].pk,
            "competencies": [competency.pk],
            "programmes": [programme.pk],
            "attachment": png_upload(100, 80),
        },
    )
    practice = Practice.objects.get()
    assert shared.status_code == 302 and practice.status == PracticeStatus.DRAFT
    assert practice.contributed_by == users[Role.DISTRICT_OFFICER] and practice.image_width == 100
    assert client.post(f"/km/learning/library/{practice.pk}/publish/", {"publish": "1"}).status_code == 404
    client.force_login(users[Role.PROVINCIAL_OFFICER])
    assert client.post(f"/km/learning/library/{practice.pk}/publish/", {"publish": "1"}).status_code == 302
    practice.refresh_from_db()
    assert practice.status == PracticeStatus.PUBLISHED
    page = client.get(f"/km/learning/library/{practice.pk}/").content.decode()
    assert "វេទិកាសាធារណៈនៅស្រុកកែវសីមា" in page and 'loading="lazy"' in page


def test_the_library_list_does_not_grow_queries_with_practices(client, users, orgs, django_assert_max_num_queries):
    for n in range(12):
        share(orgs["dosvy-11"], f"អនុវត្តល្អ {n}", f"Practice {n}", publish=True)
    client.force_login(users[Role.NATIONAL_ADMIN])
    with django_assert_max_num_queries(10):
        assert client.get("/km/learning/library/").status_code == 200


def test_khmer_stems_let_a_verb_find_its_agent_and_action_nouns():
    """ដឹកនាំ ("lead") finds អ្នកដឹកនាំ ("leader") and ការដឹកនាំ ("leading"); ការិយាល័យ ("office")
    is a word of its own, not ការ + something."""
    from frontline.core.text import stems

    assert stems("ភាពជាអ្នកដឹកនាំក្នុងរដ្ឋបាល", "ការដឹកនាំ") == "ដឹកនាំ "
    assert stems("ការិយាល័យច្រកចេញចូលតែមួយ") == ""
    assert stems("សេចក្តីសង្ខេប") == "សង្ខេប "


def test_a_programme_page_leads_to_the_practices_shared_on_it(client, users, library, programme):
    client.force_login(users[Role.AUDITOR])
    page = client.get(f"/km/learning/programmes/{programme.pk}/").content.decode()
    link = f'href="/km/learning/library/?programme={programme.pk}" data-testid="programme-practices"'
    assert link in page and "បទពិសោធន៍ដែលបានចែករំលែកលើកម្មវិធីនេះ" in page
    listed = client.get(f"/km/learning/library/?programme={programme.pk}").content.decode()
    assert library["mk_pub"].title_km in listed and library["moi_pub"].title_km not in listed
