"""Hearing a concern: from a forum, a household visit, a One Window counter, a hotline call
(entered by staff), the public web form or an Open311 application. One transaction writes the
concern, its attachments, its first update and its tallies, or nothing at all."""

import datetime
import secrets

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.html import strip_tags
from django.utils.translation import gettext as _

from frontline.audit.context import acting_as
from frontline.core.records import refuse
from frontline.core.text import search_document, stems
from frontline.core.uploads import clean_image, clean_pdf, is_pdf
from frontline.geography.models import Area
from frontline.people.services import normalise_phone

from .. import rollups
from ..models import (
    DESCRIPTION_MAX,
    Attachment,
    Category,
    Concern,
    ConcernUpdate,
    Forum,
    HouseholdVisit,
    Notification,
    ReporterGroup,
)
from ..routing import level_of, propose_authority

TRACKING_ALPHABET = "23456789ABCDEFGHJKMNPQRSTUVWXYZ"  # no 0/O, 1/I/L: read aloud on the phone
MAX_ATTACHMENTS = 3
MIN_DESCRIPTION = 10
TRACKING_CODE_DRAWS = 5
RESOLVED_RELATIONS = ("category", "area", "proposed_authority", "authority", "forum", "visit", "created_by")


def new_tracking_code() -> str:
    """'K7M4-Q2XP': 31^8 (about 850 billion) codes, unguessable enough to stand alone on /track."""
    raw = "".join(secrets.choice(TRACKING_ALPHABET) for _ in range(8))
    return f"{raw[:4]}-{raw[4:]}"


def normalise_tracking_code(code: str) -> str:
    raw = "".join(ch for ch in (code or "").upper() if ch.isalnum())
    return f"{raw[:4]}-{raw[4:]}" if len(raw) == 8 else raw


def _clean_text(value: str | None) -> str:
    """Plain text: tags are dropped (templates escape what remains), spacing kept tidy."""
    return strip_tags(value or "").strip()


def _check(fields: dict) -> None:
    errors: dict[str, list] = {}

    def add(field, message, code):
        errors.setdefault(field, []).append(ValidationError(message, code=code))

    if fields["category"] is None:
        add("category", _("Choose what the concern is about."), "category_missing")
    elif not fields["category"].is_active:
        add("category", _("This category is no longer in use."), "category_inactive")
    area = fields["area"]
    if area is None:
        add("area", _("Say where: choose at least the commune."), "area_missing")
    elif area.level not in ("commune", "village"):
        add("area", _("Choose the commune or village."), "area_too_wide")
    description = fields["description"]
    if len(description) < MIN_DESCRIPTION:
        add("description", _("Describe the concern in a few words (at least 10 letters)."), "description_short")
    elif len(description) > DESCRIPTION_MAX:
        add(
            "description",
            _("The description is too long: at most %(max)s letters.") % {"max": DESCRIPTION_MAX},
            "description_long",
        )
    if not fields["anonymous"] and not (
        fields["reporter_name"] and (fields["reporter_phone"] or fields["reporter_email"])
    ):
        add(
            "reporter_name",
            _("Give a name and a phone number or email, or choose to stay anonymous."),
            "contact_missing",
        )
    if errors:
        raise ValidationError(errors)


def clean_attachments(files) -> list:
    """Pictures re-encoded, PDFs verified; at most three. Raises on the 'attachments' field."""
    files = [upload for upload in (files or []) if upload]
    if len(files) > MAX_ATTACHMENTS:
        raise refuse("attachments", _("Attach at most %(count)s files.") % {"count": MAX_ATTACHMENTS}, "too_many_files")
    cleaned = []
    for upload in files:
        try:
            if is_pdf(upload):
                cleaned.append((clean_pdf(upload), "application/pdf", upload.name))
            else:
                cleaned.append((clean_image(upload).file, "image/jpeg", upload.name))
        except ValidationError as error:
            raise ValidationError({"attachments": error.error_list}) from error
    return cleaned


def _deadlines(category: Category, received_at: datetime.datetime) -> tuple[datetime.datetime, datetime.datetime]:
    return (
        received_at + datetime.timedelta(days=category.acknowledge_days),
        received_at + datetime.timedelta(days=category.resolve_days),
    )


def concern_create(
    *,
    acting_user=None,
    channel: str,
    category: Category | None,
    area: Area | None,
    description: str,
    reporter_name: str = "",
    reporter_phone: str = "",
    reporter_email: str = "",
    reporter_group: str = ReporterGroup.CITIZEN,
    anonymous: bool = False,
    confidential: bool = False,
    address_detail: str = "",
    latitude=None,
    longitude=None,
    forum: Forum | None = None,
    visit: HouseholdVisit | None = None,
    attachments=None,
    received_at: datetime.datetime | None = None,
) -> Concern:
    """Record a concern; the routing rules propose its authority, which staff then confirm.

    `acting_user` is None for the public form and Open311 (the audit log names no one).
    Raises ValidationError field by field; nothing is written then.
    """
    fields = {
        "category": category,
        "area": area,
        "description": _clean_text(description),
        "anonymous": bool(anonymous),
        "reporter_name": "" if anonymous else _clean_text(reporter_name)[:200],
        "reporter_phone": "" if anonymous else normalise_phone(reporter_phone or ""),
        "reporter_email": "" if anonymous else (reporter_email or "").strip()[:254],
    }
    _check(fields)
    files = clean_attachments(attachments)
    received_at = received_at or timezone.now()
    acknowledge_due, resolve_due = _deadlines(category, received_at)
    authority = propose_authority(category, area.code)
    concern = Concern(
        channel=channel,
        category=category,
        area=area,
        description=fields["description"],
        address_detail=_clean_text(address_detail)[:250],
        latitude=latitude,
        longitude=longitude,
        reporter_name=fields["reporter_name"],
        reporter_phone=fields["reporter_phone"],
        reporter_email=fields["reporter_email"],
        reporter_group=reporter_group,
        anonymous=fields["anonymous"],
        confidential=bool(confidential),
        forum=forum,
        visit=visit,
        received_at=received_at,
        acknowledge_due=acknowledge_due,
        resolve_due=resolve_due,
        proposed_authority=authority,
        authority=authority,
        escalation_level=level_of(authority),
        created_by=acting_user if getattr(acting_user, "is_authenticated", False) else None,
        area_code=area.code,
        province_code=area.code[:2],
        district_code=area.code[:4],
        authority_path=authority.path if authority else "",
        search_text=search_document(fields["description"], address_detail) + stems(fields["description"]),
    )
    # The related rows were just read (or checked by _check): validating them again would cost
    # one query each on every intake (the public intake's throughput is measured).
    concern.full_clean(exclude=["tracking_code", "token", *RESOLVED_RELATIONS])
    for _attempt in range(TRACKING_CODE_DRAWS):
        concern.tracking_code = new_tracking_code()
        try:
            with acting_as(acting_user), transaction.atomic():
                _write(concern, files)
            return concern
        except IntegrityError:
            # A tracking code drawn twice (about one chance in a million at national scale) is
            # drawn again; the whole transaction was rolled back, so nothing is half-written.
            # Any other conflict is raised.
            if not Concern.objects.filter(tracking_code=concern.tracking_code).exists():
                raise
            concern.pk = None
    raise IntegrityError(f"no free tracking code after {TRACKING_CODE_DRAWS} draws")


def _write(concern: Concern, files: list) -> None:
    """The concern, its attachments, its first update, the routed unit's notification and the
    tallies: called inside one transaction."""
    concern.save(force_insert=True)
    for content, content_type, name in files:
        Attachment.objects.create(
            concern=concern, file=content, content_type=content_type, size=content.size, original_name=name[:200]
        )
    ConcernUpdate.objects.create(
        concern=concern,
        kind=ConcernUpdate.Kind.RECEIVED,
        to_status=concern.status,
        public_note=_("Your concern was received."),
        author=concern.created_by,
    )
    authority = concern.authority
    if authority is not None:
        Notification.objects.create(
            unit=authority, unit_path=authority.path, concern=concern, kind=Notification.Kind.ROUTED
        )
    rollups.concern_added(concern)
