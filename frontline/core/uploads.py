"""Files people upload (lesson images and PDFs, library attachments): checked for what they
claim to be and for size; images re-encoded small for phones on slow mobile data; stored under
a random name, never the uploader's.

Checks raise ValidationError with a code; services put them on the form field they came from.
"""

import io
import uuid
from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.utils.translation import gettext as _
from PIL import Image, ImageOps

from .formatting import format_number

MAX_IMAGE_BYTES = 5 * 1024 * 1024
MAX_PDF_BYTES = 10 * 1024 * 1024
MAX_IMAGE_PIXELS = 40_000_000  # a 40-megapixel photo; more is a decompression bomb, not a picture
IMAGE_FORMATS = {"JPEG", "PNG", "GIF", "WEBP"}
IMAGE_MAX_SIDE = 1280  # wide enough for a laptop, a few dozen KB for a phone
JPEG_QUALITY = 72
# Markers of active content in a PDF's uncompressed structure: scripts, launching programs,
# embedded files. Learners open these on their phones; none is needed for a handout.
PDF_ACTIVE_CONTENT = (b"/JavaScript", b"/JS ", b"/JS(", b"/JS<", b"/Launch", b"/EmbeddedFile")


@dataclass
class StoredImage:
    file: ContentFile
    width: int
    height: int


def describe_size(size: int | None) -> str:
    """A file's size as a learner on mobile data weighs it: '៨៥០ KB', '១,២ MB' in Khmer."""
    if not size:
        return ""
    if size < 1024 * 1024:
        return f"{format_number(max(size // 1024, 1))} KB"
    return f"{format_number(size / (1024 * 1024), decimals=1)} MB"


def _megabytes(size: int) -> str:
    return format_number(size / (1024 * 1024), decimals=0)


def _read_within(upload, limit: int) -> bytes:
    size = getattr(upload, "size", None)
    if size is not None and size > limit:
        raise ValidationError(
            _("The file is too large: at most %(mb)s MB.") % {"mb": _megabytes(limit)}, code="file_too_large"
        )
    upload.seek(0)
    data = upload.read(limit + 1)
    if len(data) > limit:
        raise ValidationError(
            _("The file is too large: at most %(mb)s MB.") % {"mb": _megabytes(limit)}, code="file_too_large"
        )
    if not data:
        raise ValidationError(_("The file is empty."), code="file_empty")
    return data


def _not_an_image() -> ValidationError:
    return ValidationError(_("This file is not a picture (JPEG, PNG, GIF or WebP)."), code="not_an_image")


def clean_image(upload) -> StoredImage:
    """A JPEG, PNG, GIF or WebP picture, re-encoded as a progressive JPEG at most 1280 pixels a
    side. Re-encoding also drops whatever else the file carried (metadata, trailing data)."""
    data = _read_within(upload, MAX_IMAGE_BYTES)
    try:
        with Image.open(io.BytesIO(data)) as probe:
            if probe.format not in IMAGE_FORMATS:
                raise _not_an_image()
            if probe.width * probe.height > MAX_IMAGE_PIXELS:
                raise ValidationError(_("The picture has too many pixels."), code="image_too_big")
            probe.verify()
        with Image.open(io.BytesIO(data)) as picture:
            picture.seek(0)  # the first frame of an animation
            picture = ImageOps.exif_transpose(picture)
            picture = _flattened(picture)
            picture.thumbnail((IMAGE_MAX_SIDE, IMAGE_MAX_SIDE))
            out = io.BytesIO()
            picture.save(out, "JPEG", quality=JPEG_QUALITY, optimize=True, progressive=True)
            width, height = picture.size
    except (OSError, SyntaxError, ValueError, Image.DecompressionBombError) as error:
        raise _not_an_image() from error
    return StoredImage(ContentFile(out.getvalue(), name=f"{uuid.uuid4().hex}.jpg"), width, height)


def _flattened(picture: Image.Image) -> Image.Image:
    """RGB on a white background (JPEG has no transparency)."""
    if picture.mode in ("RGBA", "LA") or (picture.mode == "P" and "transparency" in picture.info):
        picture = picture.convert("RGBA")
        background = Image.new("RGB", picture.size, (255, 255, 255))
        background.paste(picture, mask=picture.getchannel("A"))
        return background
    return picture.convert("RGB")


def clean_pdf(upload) -> ContentFile:
    """A PDF: the header and end-of-file marker a PDF reader needs, no active content."""
    data = _read_within(upload, MAX_PDF_BYTES)
    if b"%PDF-" not in data[:1024] or b"%%EOF" not in data[-2048:]:
        raise ValidationError(_("This file is not a PDF document."), code="not_a_pdf")
    if any(marker in data for marker in PDF_ACTIVE_CONTENT):
        raise ValidationError(
            _("This PDF contains scripts or embedded files; save it again without them."), code="pdf_active_content"
        )
    return ContentFile(data, name=f"{uuid.uuid4().hex}.pdf")


def is_pdf(upload) -> bool:
    upload.seek(0)
    head = upload.read(1024)
    upload.seek(0)
    return b"%PDF-" in head
