"""Online-course fixtures on top of the root conftest and learning's (programme, question bank)."""

import datetime
import io

import pytest
from PIL import Image

from frontline.accounts.models import User
from frontline.elearning.services import courses, lessons
from frontline.learning.tests import conftest as learning_fixtures

# The programme with its curriculum and question bank, from learning's fixtures.
competency, programme, rsa, subject = (
    learning_fixtures.competency,
    learning_fixtures.programme,
    learning_fixtures.rsa,
    learning_fixtures.subject,
)

PASSWORD = "pass-word-123"


@pytest.fixture(autouse=True)
def _uploads_in_a_temporary_directory(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"


def png_upload(width: int = 2400, height: int = 1600, name: str = "diagram.png"):
    """A real PNG (with transparency), larger than lessons keep."""
    from django.core.files.uploadedfile import SimpleUploadedFile

    buffer = io.BytesIO()
    Image.new("RGBA", (width, height), (29, 58, 110, 200)).save(buffer, "PNG")
    return SimpleUploadedFile(name, buffer.getvalue(), content_type="image/png")


MINIMAL_PDF = (
    b"%PDF-1.4\n1 0 obj<</Type/Catalog/Pages 2 0 R>>endobj\n"
    b"2 0 obj<</Type/Pages/Kids[3 0 R]/Count 1>>endobj\n"
    b"3 0 obj<</Type/Page/Parent 2 0 R/MediaBox[0 0 595 842]>>endobj\n"
    b"trailer<</Root 1 0 R>>\n%%EOF\n"
)


def pdf_upload(content: bytes = MINIMAL_PDF, name: str = "handout.pdf"):
    from django.core.files.uploadedfile import SimpleUploadedFile

    return SimpleUploadedFile(name, content, content_type="application/pdf")


def add_lessons(course, *, quiz: bool = True) -> list:
    """Two text lessons and (unless quiz=False) a quiz lesson of two bank questions."""
    made = [
        lessons.lesson_add(
            acting_user=None,
            course=course,
            kind="text",
            title_km=f"មេរៀនទី {n}",
            title_en=f"Lesson {n}",
            body_km="ប្រព័ន្ធគាំពារសង្គមជួយគ្រួសារងាយរងគ្រោះ។",
            body_en="The social protection system helps vulnerable families.",
        )
        for n in (1, 2)
    ]
    if quiz:
        made.append(
            lessons.lesson_add(
                acting_user=None,
                course=course,
                kind="quiz",
                title_km="សំណួរសាកល្បង",
                title_en="Practice quiz",
                questions=list(course.programme.question_banks.first().questions.order_by("order")[:2]),
            )
        )
    return made


def make_course(programme, area, organiser, *, nationwide=True, publish=True, quiz=True, final_questions=5, **extra):
    course = courses.course_create(
        acting_user=None,
        programme=programme,
        organiser=organiser,
        area=area,
        open_until=extra.pop("open_until", datetime.date(2027, 12, 31)),
        title_km=extra.pop("title_km", "ប្រព័ន្ធគាំពារសង្គម (អនឡាញ)"),
        title_en=extra.pop("title_en", "The social protection system (online)"),
        nationwide=nationwide,
        final_question_count=final_questions,
        **extra,
    )
    add_lessons(course, quiz=quiz)
    if publish:
        courses.course_publish(acting_user=None, course=course)
    course.refresh_from_db()
    return course


@pytest.fixture
def course(programme, areas, orgs, freezer_start):
    """Published, open to everyone, counted under Mondulkiri: two text lessons and a quiz, final quiz of 5."""
    return make_course(programme, areas["11"], orgs["dosvy-11"])


@pytest.fixture
def freezer_start(monkeypatch):
    """Today is 18 April 2026 (the course opens today; time moves with `move_to`)."""
    import django.utils.timezone as timezone

    clock = {"now": timezone.make_aware(datetime.datetime(2026, 4, 18, 10))}
    monkeypatch.setattr(timezone, "now", lambda: clock["now"])

    def move_to(moment: datetime.datetime):
        clock["now"] = timezone.make_aware(moment)

    return move_to


def learner_of(person, username: str) -> User:
    """A signed-in official with no role at all: only their own Person."""
    user = User.objects.create_user(username=username, password=PASSWORD)
    user.person = person
    user.save()
    return user


@pytest.fixture
def learner(officials):
    return learner_of(officials["in_district"], "heng.sophea")
