"""Writes of the knowledge library: a unit's officers contribute practices for their unit;
organisers publish them. Each is a `service`: one transaction, audited as its acting_user."""

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from frontline.audit.context import service
from frontline.core.text import search_document, stems
from frontline.core.uploads import clean_image, clean_pdf, is_pdf
from frontline.learning.services._common import refuse, save_clean

from .models import Practice, PracticeStatus

TEXT_FIELDS = ("kind", "title_km", "title_en", "summary_km", "summary_en", "body_km", "body_en")
LISTS = ("competencies", "programmes")


def _derive(practice: Practice) -> None:
    unit = practice.unit
    practice.unit_path = unit.path
    practice.area_code = unit.area_code
    texts = (practice.title_km, practice.summary_km, practice.body_km)
    practice.search_text = search_document(
        *texts, practice.title_en, practice.summary_en, practice.body_en, unit.name_km, unit.name_en
    ) + stems(*texts)


def _drop_file_after_commit(field_file) -> None:
    if field_file:
        storage, name = field_file.storage, field_file.name
        transaction.on_commit(lambda: storage.delete(name))


def _set_attachment(practice: Practice, upload) -> None:
    """A PDF kept as sent (once checked), a picture re-encoded small; anything else refused."""
    try:
        if is_pdf(upload):
            stored, width, height, pdf = clean_pdf(upload), None, None, True
        else:
            image = clean_image(upload)
            stored, width, height, pdf = image.file, image.width, image.height, False
    except ValidationError as error:
        if error.code == "not_an_image":
            error = ValidationError(_("Attach a PDF document or a picture."), code="attachment_type")
        raise ValidationError({"attachment": error.error_list}) from error
    _drop_file_after_commit(practice.attachment)
    practice.attachment = stored
    practice.attachment_is_pdf, practice.attachment_bytes = pdf, stored.size
    practice.image_width, practice.image_height = width, height


def _clear_attachment(practice: Practice) -> None:
    _drop_file_after_commit(practice.attachment)
    practice.attachment = ""
    practice.attachment_is_pdf, practice.attachment_bytes = False, None
    practice.image_width = practice.image_height = None


@service
def practice_create(*, acting_user, unit, attachment=None, competencies=(), programmes=(), **texts) -> Practice:
    """A unit's contribution, saved as a draft for an organiser to publish."""
    for name in texts:
        if name not in TEXT_FIELDS:
            raise ValueError(f"{name} is not a practice's text")
    practice = Practice(unit=unit, contributed_by=acting_user if getattr(acting_user, "pk", None) else None, **texts)
    if attachment is not None:
        _set_attachment(practice, attachment)
    _derive(practice)
    save_clean(practice)
    practice.competencies.set(competencies)
    practice.programmes.set(programmes)
    return practice


@service
def practice_update(
    *, acting_user, practice: Practice, attachment=None, remove_attachment: bool = False, **fields
) -> Practice:
    lists = {name: fields.pop(name) for name in LISTS if name in fields}
    for name, value in fields.items():
        if name not in (*TEXT_FIELDS, "unit"):
            raise ValueError(f"{name} cannot be changed here")
        setattr(practice, name, value)
    if attachment is not None:
        _set_attachment(practice, attachment)
    elif remove_attachment:
        _clear_attachment(practice)
    _derive(practice)
    save_clean(practice)
    for name, value in lists.items():
        getattr(practice, name).set(value)
    return practice


@service
def practice_publish(*, acting_user, practice: Practice) -> Practice:
    if practice.status == PracticeStatus.PUBLISHED:
        raise refuse(None, _("This practice is already published."), "practice_published")
    if not practice.summary_en.strip():
        # The library is read in both languages; Khmer is required by the form, English here.
        raise refuse("summary_en", _("Add the summary in English before publishing."), "practice_summary_en")
    return save_clean(
        practice,
        status=PracticeStatus.PUBLISHED,
        published_at=timezone.now(),
        published_by=acting_user if getattr(acting_user, "pk", None) else None,
    )


@service
def practice_unpublish(*, acting_user, practice: Practice) -> Practice:
    """Back to a draft (to correct it), out of the shared library."""
    return save_clean(practice, status=PracticeStatus.DRAFT, published_at=None, published_by=None)
