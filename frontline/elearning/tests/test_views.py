import gzip
import re

import pytest
from django.contrib.staticfiles import finders
from django.core.files.uploadedfile import SimpleUploadedFile

from frontline.accounts.roles import Role
from frontline.elearning.models import Course, Lesson, LessonProgress
from frontline.elearning.services import lessons
from frontline.elearning.tests.conftest import png_upload
from frontline.learning.models import AssessmentKind, Certificate

pytestmark = pytest.mark.django_db


@pytest.fixture
def signed_in(client, learner):
    client.force_login(learner)
    return client


def test_a_learner_takes_the_course_page_by_page_in_khmer(signed_in, course, learner):
    listing = signed_in.get("/km/learning/online/")
    body = listing.content.decode()
    assert listing.status_code == 200 and '<html lang="km">' in body
    assert "ប្រព័ន្ធគាំពារសង្គម (អនឡាញ)" in body and "វគ្គសិក្សាអនឡាញ" in body
    page = signed_in.get(f"/km/learning/online/{course.pk}/").content.decode()
    assert 'data-testid="join"' in page and "៨០%" in page  # the rule, in Khmer digits

    assert signed_in.post(f"/km/learning/online/{course.pk}/join/").status_code == 302
    first, second, quiz = course.lessons.order_by("order")
    page = signed_in.get(f"/km/learning/online/{course.pk}/").content.decode()
    assert f"/lessons/{first.pk}/" in re.search(r'href="([^"]+)" data-testid="resume"', page).group(1)

    done = signed_in.post(f"/km/learning/online/{course.pk}/lessons/{first.pk}/")
    assert done.status_code == 302 and done["Location"].endswith(f"/lessons/{second.pk}/")
    signed_in.post(f"/km/learning/online/{course.pk}/lessons/{second.pk}/")
    questions = list(quiz.questions.all())
    answers = {f"q{q.pk}": q.choices.get(is_correct=True).pk for q in questions}
    scored = signed_in.post(f"/km/learning/online/{course.pk}/lessons/{quiz.pk}/", answers).content.decode()
    assert 'data-testid="quiz-score"' in scored and "១០០%" in scored

    # Resuming: the course page now offers the final quiz.
    page = signed_in.get(f"/km/learning/online/{course.pk}/").content.decode()
    assert "បានរៀន ៣ នៃ ៣ មេរៀន" in page
    assert 'data-testid="final-quiz"' in page
    test = course.event.tests.get(kind=AssessmentKind.POST)
    final = {f"q{q.pk}": q.choices.get(is_correct=True).pk for q in test.questions.all()}
    finished = signed_in.post(f"/km/learning/online/{course.pk}/quiz/", final)
    assert finished.status_code == 302
    certificate = Certificate.objects.get(person=learner.person)
    page = signed_in.get(f"/km/learning/online/{course.pk}/").content.decode()
    assert certificate.number in page
    pdf = signed_in.get(f"/km/learning/certificates/{certificate.number}.pdf")
    assert pdf.status_code == 200 and pdf["Content-Type"] == "application/pdf"


def test_a_lesson_page_weighs_well_under_100_kb_before_its_media(signed_in, course):
    """What a phone downloads for a lesson: the HTML, its CSS and scripts (all compressed) and
    the Khmer font; the picture comes after, lazily and sized."""
    picture = lessons.lesson_add(
        acting_user=None, course=course, kind="image", title_km="រូបភាព", title_en="Picture", image=png_upload()
    )
    response = signed_in.get(f"/km/learning/online/{course.pk}/lessons/{picture.pk}/", HTTP_ACCEPT_ENCODING="gzip")
    assert response.status_code == 200 and response["Content-Encoding"] == "gzip"
    html = gzip.decompress(response.content).decode()
    assert len(response.content) < 10 * 1024
    total = len(response.content)
    assets = re.findall(r'(?:href|src)="/static/([^"]+)"', html)
    assert assets
    for asset in assets:
        with open(finders.find(asset), "rb") as handle:
            total += len(gzip.compress(handle.read(), compresslevel=6))
    for weight in ("400", "700"):
        with open(finders.find(f"vendor/noto-sans-khmer/noto-sans-khmer-khmer-{weight}-normal.woff2"), "rb") as f:
            total += len(f.read())
    assert total < 100 * 1024, total
    image = re.search(r'<img class="lesson-picture"[^>]+>', html).group(0)
    assert 'loading="lazy"' in image and 'width="1280"' in image and 'height="853"' in image
    assert "<iframe" not in html and "<video" not in html
    assert not re.findall(r'(?:src|href)="https?://', html)  # nothing from a CDN

    source = re.search(r'src="([^"]+)"', image).group(1)
    media = signed_in.get(source)
    assert media.status_code == 200 and media["Content-Type"] == "image/jpeg"
    assert "immutable" in media["Cache-Control"]
    assert len(b"".join(media.streaming_content)) < 100 * 1024


def test_video_and_pdf_lessons_are_links(signed_in, course):
    video = lessons.lesson_add(
        acting_user=None,
        course=course,
        kind="video",
        title_km="វីដេអូ",
        title_en="Video",
        video_url="https://www.youtube.com/watch?v=abc",
    )
    page = signed_in.get(f"/km/learning/online/{course.pk}/lessons/{video.pk}/").content.decode()
    assert 'href="https://www.youtube.com/watch?v=abc"' in page and "www.youtube.com" in page


def test_an_organiser_authors_a_course_and_a_bad_picture_is_refused_on_its_field(
    client, users, programme, areas, orgs, freezer_start
):
    client.force_login(users[Role.PROVINCIAL_OFFICER])
    created = client.post(
        "/km/learning/online/new/",
        {
            "programme": programme.pk,
            "title_km": "ការគាំពារសង្គមតាមអនឡាញ",
            "title_en": "Social protection online",
            "organiser": orgs["dosvy-11"].pk,
            "area": "11",
            "nationwide": "on",
            "open_until": "2026-12-31",
            "final_question_count": "3",
        },
    )
    assert created.status_code == 302, created.content.decode()[:2000]
    course = Course.objects.get(title_en="Social protection online")
    refused = client.post(
        f"/km/learning/online/{course.pk}/lessons/new/",
        {
            "kind": "image",
            "title_km": "រូប",
            "title_en": "Picture",
            "image": SimpleUploadedFile("fake.png", b"this is not a picture", content_type="image/png"),
        },
    )
    body = refused.content.decode()
    assert refused.status_code == 200 and not Lesson.objects.filter(course=course).exists()
    assert "ឯកសារនេះមិនមែនជារូបភាព" in body  # the field's error, in Khmer
    added = client.post(
        f"/km/learning/online/{course.pk}/lessons/new/",
        {"kind": "image", "title_km": "រូប", "title_en": "Picture", "body_km": "ការិយាល័យ", "image": png_upload()},
    )
    assert added.status_code == 302 and course.lessons.get().image_width == 1280
    published = client.post(f"/km/learning/online/{course.pk}/publish/", {"publish": "1"})
    assert published.status_code == 302
    course.refresh_from_db()
    assert course.published and course.event.tests.get().questions.count() == 3


def test_the_course_list_does_not_grow_queries_with_courses(
    signed_in, course, programme, areas, orgs, learner, django_assert_max_num_queries
):
    from frontline.elearning.tests.conftest import make_course

    for n in range(4):
        make_course(programme, areas["11"], orgs["dosvy-11"], title_en=f"Course {n}", final_questions=2)
    with django_assert_max_num_queries(12):
        response = signed_in.get("/km/learning/online/")
    assert response.status_code == 200 and response.content.decode().count('class="card"') >= 5
    assert not LessonProgress.objects.exists()


def test_course_and_lesson_pages_take_a_fixed_number_of_queries(
    signed_in, course, learner, django_assert_max_num_queries
):
    from frontline.elearning.services import progress

    enrolment = progress.course_join(acting_user=learner, course=course)
    for lesson in course.lessons.exclude(kind="quiz"):
        progress.lesson_complete(acting_user=learner, enrolment=enrolment, lesson=lesson)
    with django_assert_max_num_queries(14):
        assert signed_in.get(f"/km/learning/online/{course.pk}/").status_code == 200
    for lesson in course.lessons.all():
        with django_assert_max_num_queries(12):
            assert signed_in.get(f"/km/learning/online/{course.pk}/lessons/{lesson.pk}/").status_code == 200


def test_the_event_page_of_an_online_course_links_to_the_course(client, users, course):
    client.force_login(users[Role.PROVINCIAL_OFFICER])
    page = client.get(f"/km/learning/events/{course.event_id}/").content.decode()
    assert f'href="/km/learning/online/{course.pk}/" data-testid="event-course"' in page
