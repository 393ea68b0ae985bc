"""Lessons of an online course: text, a picture, a PDF, a video link or a quiz."""

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Max
from django.utils.translation import gettext as _

from frontline.audit.context import service
from frontline.core.uploads import clean_image, clean_pdf
from frontline.learning.models import Question
from frontline.learning.services._common import refuse, save_clean

from ..models import Course, Lesson, LessonKind

TEXT_FIELDS = ("title_km", "title_en", "body_km", "body_en")


def _on_field(field: str, error: ValidationError) -> ValidationError:
    return ValidationError({field: error.error_list})


def _delete_after_commit(field_file) -> None:
    """Remove a replaced file once the new one is saved for good (never before: a rollback
    would leave the lesson pointing at nothing)."""
    if field_file:
        storage, name = field_file.storage, field_file.name
        transaction.on_commit(lambda: storage.delete(name))


def _set_media(lesson: Lesson, *, image=None, document=None, video_url: str | None = None) -> None:
    """Take the new picture or PDF (checked, a picture re-encoded) and drop what the kind does not
    show: a file sent with a lesson of another kind is neither checked nor kept."""
    if image is not None and lesson.kind == LessonKind.IMAGE:
        try:
            stored = clean_image(image)
        except ValidationError as error:
            raise _on_field("image", error) from error
        _delete_after_commit(lesson.image)
        lesson.image, lesson.image_width, lesson.image_height = stored.file, stored.width, stored.height
    if document is not None and lesson.kind == LessonKind.PDF:
        try:
            pdf = clean_pdf(document)
        except ValidationError as error:
            raise _on_field("document", error) from error
        _delete_after_commit(lesson.document)
        lesson.document, lesson.document_bytes = pdf, pdf.size
    if video_url is not None:
        lesson.video_url = video_url.strip()
    if lesson.kind != LessonKind.IMAGE and lesson.image:
        _delete_after_commit(lesson.image)
        lesson.image, lesson.image_width, lesson.image_height = "", None, None
    if lesson.kind != LessonKind.PDF and lesson.document:
        _delete_after_commit(lesson.document)
        lesson.document, lesson.document_bytes = "", None
    if lesson.kind != LessonKind.VIDEO:
        lesson.video_url = ""


def _check_content(lesson: Lesson, questions: list[Question] | None) -> None:
    """What each kind of lesson cannot do without."""
    required = {
        LessonKind.TEXT: ("body_km", lesson.body_km.strip(), _("Write the lesson's text.")),
        LessonKind.IMAGE: ("image", lesson.image, _("Choose a picture.")),
        LessonKind.PDF: ("document", lesson.document, _("Choose a PDF document.")),
        LessonKind.VIDEO: ("video_url", lesson.video_url, _("Give the link to the video.")),
    }
    if lesson.kind in required:
        field, present, message = required[lesson.kind]
        if not present:
            raise refuse(field, message, "lesson_content_missing")
    if lesson.kind == LessonKind.QUIZ:
        if not questions:
            raise refuse("questions", _("Choose the quiz's questions."), "quiz_without_questions")
        programme_id = lesson.course.programme_id
        if any(q.bank.programme_id != programme_id or not q.is_active for q in questions):
            raise refuse("questions", _("Choose questions from the programme's question banks."), "quiz_questions")


def _questions_for(lesson: Lesson, questions) -> list[Question] | None:
    if questions is None:
        return list(lesson.questions.select_related("bank")) if lesson.pk else None
    return list(Question.objects.filter(pk__in=[q.pk for q in questions]).select_related("bank"))


@service
def lesson_add(
    *, acting_user, course: Course, kind: str, image=None, document=None, video_url: str = "", questions=(), **texts
) -> Lesson:
    for name in texts:
        if name not in TEXT_FIELDS:
            raise ValueError(f"{name} is not a lesson's text")
    order = (course.lessons.aggregate(last=Max("order"))["last"] or 0) + 1
    lesson = Lesson(course=course, order=order, kind=kind, **texts)
    _set_media(lesson, image=image, document=document, video_url=video_url)
    chosen = _questions_for(lesson, list(questions))
    _check_content(lesson, chosen)
    save_clean(lesson)
    lesson.questions.set(chosen if kind == LessonKind.QUIZ else [])
    return lesson


@service
def lesson_update(
    *, acting_user, lesson: Lesson, image=None, document=None, video_url=None, questions=None, **fields
) -> Lesson:
    """Change a lesson; a picture or PDF not given again stays as it was."""
    for name in fields:
        if name not in (*TEXT_FIELDS, "kind"):
            raise ValueError(f"{name} cannot be changed here")
    if lesson.progress.exists() and fields.get("kind", lesson.kind) != lesson.kind:
        raise refuse("kind", _("Learners have done this lesson: its kind can no longer change."), "lesson_done")
    for name, value in fields.items():
        setattr(lesson, name, value)
    _set_media(lesson, image=image, document=document, video_url=video_url)
    chosen = _questions_for(lesson, questions)
    _check_content(lesson, chosen)
    save_clean(lesson)
    lesson.questions.set(chosen if lesson.kind == LessonKind.QUIZ else [])
    return lesson


@service
def lesson_remove(*, acting_user, lesson: Lesson) -> None:
    if lesson.progress.exists():
        raise refuse(None, _("Learners have done this lesson, so it stays in the course."), "lesson_done")
    _delete_after_commit(lesson.image)
    _delete_after_commit(lesson.document)
    lesson.delete()


@service
def lesson_move(*, acting_user, lesson: Lesson, up: bool) -> Lesson:
    """Swap the lesson with the one before (up) or after it."""
    siblings = list(lesson.course.lessons.order_by("order", "id"))
    position = next(n for n, other in enumerate(siblings) if other.pk == lesson.pk)
    target = position - 1 if up else position + 1
    if not 0 <= target < len(siblings):
        return lesson
    siblings[position], siblings[target] = siblings[target], siblings[position]
    for order, item in enumerate(siblings, start=1):
        if item.order != order:
            save_clean(item, only=("order",), order=order)
    return next(item for item in siblings if item.pk == lesson.pk)
