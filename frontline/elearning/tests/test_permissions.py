"""Every role, and officials signed in with no role, against online courses inside and outside
their scope, for every page that takes a course or a lesson.

Three courses: one for the officials of Mondulkiri run by its provincial department (published),
one open to everyone run by the ministry and counted under Kandal (published), and a draft of
Mondulkiri's. Heng Sophea (Kaev Seima, Mondulkiri) has joined the first and done one lesson.
"""

import pytest

from frontline.accounts.roles import Role
from frontline.elearning.services import lessons, progress
from frontline.elearning.tests.conftest import learner_of, make_course, pdf_upload, png_upload

pytestmark = pytest.mark.django_db

EVERYONE = [*Role, "learner_mondulkiri", "learner_kandal", "nobody"]
ALL = {"mondulkiri", "national", "draft"}
SEES = {
    Role.SYSTEM_ADMIN: ALL,
    Role.NATIONAL_ADMIN: ALL,
    Role.AUDITOR: ALL,
    Role.PROVINCIAL_OFFICER: ALL,  # the draft is held in Mondulkiri
    Role.DISTRICT_OFFICER: {"mondulkiri", "national"},  # a published course for the province around it
    Role.COMMUNE_OFFICER: {"mondulkiri", "national"},
    Role.TRAINING_COORDINATOR: ALL,  # the ministry organises all three
    Role.TRAINER: set(),  # trains, but is no official here and sees no training
    Role.PARTNER: {"national"},  # open to everyone
    Role.WORKING_GROUP: set(),  # holds no learning role
    "learner_mondulkiri": {"mondulkiri", "national"},
    "learner_kandal": {"national"},
    "nobody": set(),
}
MANAGES = {
    Role.SYSTEM_ADMIN: ALL,
    Role.NATIONAL_ADMIN: ALL,
    Role.PROVINCIAL_OFFICER: {"mondulkiri", "draft"},
    Role.TRAINING_COORDINATOR: ALL,
}
# Enrolled (before, or by the join the walk posts): the final quiz page answers, sending them
# back to the course until they have done enough lessons.
STUDIES = {"learner_mondulkiri": {"mondulkiri", "national"}, "learner_kandal": {"national"}}


@pytest.fixture
def world(programme, areas, orgs, officials, freezer_start):
    mondulkiri = make_course(programme, areas["11"], orgs["dosvy-11"], nationwide=False, title_en="Mondulkiri")
    national = make_course(programme, areas["08"], orgs["mosvy"], title_en="Everyone")
    draft = make_course(programme, areas["11"], orgs["dosvy-11"], publish=False, title_en="Draft")
    for course in (mondulkiri, national, draft):
        lessons.lesson_add(
            acting_user=None, course=course, kind="image", title_km="រូប", title_en="Picture", image=png_upload(40, 30)
        )
        lessons.lesson_add(
            acting_user=None, course=course, kind="pdf", title_km="ឯកសារ", title_en="PDF", document=pdf_upload()
        )
    heng = learner_of(officials["in_district"], "learner_mondulkiri")
    enrolment = progress.course_join(acting_user=heng, course=mondulkiri)
    progress.lesson_complete(acting_user=heng, enrolment=enrolment, lesson=mondulkiri.lessons.order_by("order")[0])
    return {"mondulkiri": mondulkiri, "national": national, "draft": draft}


@pytest.fixture
def everyone(users, officials, world, django_user_model):
    from frontline.accounts.models import User

    people = dict(users)
    people["learner_mondulkiri"] = User.objects.get(username="learner_mondulkiri")
    people["learner_kandal"] = learner_of(officials["in_kandal"], "learner_kandal")
    people["nobody"] = django_user_model.objects.create_user(username="nobody", password="pass-word-123")
    return people


def _status(expected: bool, yes: int = 200) -> int:
    return yes if expected else 404


@pytest.mark.parametrize("who", EVERYONE)
def test_course_pages(who, everyone, world, client):
    client.force_login(everyone[who])
    listed = client.get("/en/learning/online/")
    assert listed.status_code == _status(bool(SEES[who]) or who == Role.PARTNER), who
    for name, course in world.items():
        sees = name in SEES[who]
        if listed.status_code == 200:
            assert (f"/en/learning/online/{course.pk}/" in listed.content.decode()) == sees, (who, name)
        assert client.get(f"/en/learning/online/{course.pk}/").status_code == _status(sees), (who, name)
        for lesson in course.lessons.all():
            base = f"/en/learning/online/{course.pk}/lessons/{lesson.pk}/"
            assert client.get(base).status_code == _status(sees), (who, name)
            has_file = lesson.kind in ("image", "pdf")
            assert client.get(base + "file").status_code == _status(sees and has_file), (who, name, lesson.kind)
        # Joining answers with a message (302) to whoever sees the course, official or not.
        assert client.post(f"/en/learning/online/{course.pk}/join/").status_code == _status(sees, 302), (who, name)
        studies = name in STUDIES.get(who, set())
        enrolled = course.event.enrolments.filter(person__user=everyone[who]).exists()
        assert enrolled == studies, (who, name)
        assert client.get(f"/en/learning/online/{course.pk}/quiz/").status_code == _status(studies, 302), (who, name)


@pytest.mark.parametrize("who", EVERYONE)
def test_course_authoring(who, everyone, world, client):
    client.force_login(everyone[who])
    assert client.get("/en/learning/online/new/").status_code == _status(who in MANAGES)
    for name, course in world.items():
        manages = name in MANAGES.get(who, set())
        for page in ("edit/", "lessons/new/"):
            assert client.get(f"/en/learning/online/{course.pk}/{page}").status_code == _status(manages), (who, page)
        lesson = course.lessons.order_by("order").first()
        base = f"/en/learning/online/{course.pk}/lessons/{lesson.pk}/"
        assert client.get(base + "edit/").status_code == _status(manages), (who, name)
        assert client.post(base + "move/", {"direction": "up"}).status_code == _status(manages, 302), (who, name)
        publish = client.post(f"/en/learning/online/{course.pk}/publish/", {"publish": "1"})
        assert publish.status_code == _status(manages, 302), (who, name)
        assert client.post(base + "remove/").status_code == _status(manages, 302), (who, name)
        if not manages:
            assert course.lessons.filter(pk=lesson.pk).exists(), (who, name)


def test_studying_takes_ones_own_enrolment(world, everyone, client):
    """Marking a lesson done is for enrolled learners: a manager reading a lesson changes nothing."""
    from frontline.elearning.models import LessonProgress

    client.force_login(everyone[Role.NATIONAL_ADMIN])
    course = world["mondulkiri"]
    lesson = course.lessons.order_by("order")[1]
    assert client.post(f"/en/learning/online/{course.pk}/lessons/{lesson.pk}/").status_code == 404
    assert LessonProgress.objects.count() == 1


ELEARNING_ROUTES = {
    "learning/online/<int:pk>/": "test_course_pages",
    "learning/online/<int:pk>/join/": "test_course_pages",
    "learning/online/<int:pk>/quiz/": "test_course_pages",
    "learning/online/<int:pk>/lessons/<int:lesson_id>/": "test_course_pages",
    "learning/online/<int:pk>/lessons/<int:lesson_id>/file": "test_course_pages",
    "learning/online/<int:pk>/edit/": "test_course_authoring",
    "learning/online/<int:pk>/publish/": "test_course_authoring",
    "learning/online/<int:pk>/lessons/new/": "test_course_authoring",
    "learning/online/<int:pk>/lessons/<int:lesson_id>/edit/": "test_course_authoring",
    "learning/online/<int:pk>/lessons/<int:lesson_id>/move/": "test_course_authoring",
    "learning/online/<int:pk>/lessons/<int:lesson_id>/remove/": "test_course_authoring",
}
