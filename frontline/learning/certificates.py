"""Certificates as documents: a bilingual PDF (WeasyPrint, Khmer shaped by Pango with the
app's own Noto Sans Khmer) and an Open Badges 3.0 credential.

The PDF carries a QR code of the public verification address; the verification page and the
credential say who, what and when, and nothing more.
"""

from functools import lru_cache
from pathlib import Path

import segno
from django.conf import settings
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import translation

from frontline.core.formatting import format_date, format_number
from frontline.core.text import breakable_khmer

from .models import Certificate
from .signing import signed

FONT_DIR = Path(settings.BASE_DIR) / "static" / "vendor" / "noto-sans-khmer"
OPEN_BADGES_CONTEXT = [
    "https://www.w3.org/ns/credentials/v2",
    "https://purl.imsglobal.org/spec/ob/v3p0/context-3.0.3.json",
]


def public_url(path: str) -> str:
    """An absolute address on the public site (FRONTLINE_PUBLIC_URL), e.g. for QR codes."""
    return settings.FRONTLINE_PUBLIC_URL.rstrip("/") + path


def verify_url(certificate: Certificate) -> str:
    return public_url(reverse("verify", args=[certificate.number]))


def _qr_svg(url: str) -> str:
    return segno.make(url, error="m").svg_inline(scale=3, border=0)


def _page(certificate: Certificate) -> dict:
    event = certificate.enrolment.event
    url = verify_url(certificate)
    # An online learner studied from the day they enrolled, not from the day the course opened.
    started = certificate.enrolment.created_at.date() if event.is_online else event.start_date
    return {
        "online": event.is_online,
        "certificate": certificate,
        "title_km": breakable_khmer(certificate.title_km),
        "organiser_km": breakable_khmer(event.organiser.name_km),
        "organiser_en": event.organiser.name_en,
        "place_km": event.area.name_km,
        "place_en": event.area.name_en,
        "date_km": format_date(certificate.completed_on, language="km"),
        "date_en": format_date(certificate.completed_on, language="en"),
        "start_km": format_date(started, language="km"),
        "start_en": format_date(started, language="en"),
        "hours_km": format_number(certificate.hours, decimals=0, language="km"),
        "hours_en": format_number(certificate.hours, decimals=0, language="en"),
        "verify_url": url,
        "qr": _qr_svg(url),
    }


@lru_cache(maxsize=1)
def _font_config():
    from weasyprint.text.fonts import FontConfiguration

    return FontConfiguration()


def certificates_pdf(certificates: list[Certificate], *, compress: bool = True) -> bytes:
    """One PDF, one A4 landscape page per certificate (a batch renders in one pass)."""
    from weasyprint import HTML

    with translation.override("km"):
        html = render_to_string(
            "learning/certificate_pdf.html",
            {"pages": [_page(c) for c in certificates], "font_dir": FONT_DIR.as_uri()},
        )
    document = HTML(string=html, base_url=str(settings.BASE_DIR))
    return document.write_pdf(font_config=_font_config(), uncompressed_pdf=not compress)


def completion_rule_text(programme) -> str:
    """The programme's completion rule in the credential's language (English)."""
    rule = f"Attendance of at least {programme.min_attendance_pct}% of the sessions"
    if programme.requires_post_test:
        return rule + f" and a post-test score of at least {programme.pass_mark_pct}%."
    return rule + "."


def open_badge(certificate: Certificate) -> dict:
    """The certificate as an Open Badges 3.0 OpenBadgeCredential, signed (see signing.py)."""
    return signed(unsigned_badge(certificate), created=certificate.issued_at)


def unsigned_badge(certificate: Certificate) -> dict:
    event = certificate.enrolment.event
    programme = event.programme
    rule = completion_rule_text(programme)
    return {
        "@context": OPEN_BADGES_CONTEXT,
        "id": public_url(reverse("verify_badge", args=[certificate.number])),
        "type": ["VerifiableCredential", "OpenBadgeCredential"],
        "name": certificate.title_en,
        "issuer": {
            "id": public_url(reverse("verify_issuer", args=[event.organiser.code])),
            "type": ["Profile"],
            "name": event.organiser.name_en,
        },
        "validFrom": f"{certificate.completed_on.isoformat()}T00:00:00Z",
        "credentialSubject": {
            "type": ["AchievementSubject"],
            "identifier": [
                {
                    "type": "IdentityObject",
                    "identityHash": certificate.name_latin or certificate.name_km,
                    "identityType": "name",
                    "hashed": False,
                }
            ],
            "achievement": {
                "id": public_url(reverse("verify_programme", args=[programme.code])),
                "type": ["Achievement"],
                "achievementType": "Certificate",
                "name": certificate.title_en,
                "description": programme.summary_en or certificate.title_en,
                "criteria": {"narrative": rule},
                "humanCode": programme.code,
                "inLanguage": "en",
            },
        },
        "evidence": [
            {
                "id": verify_url(certificate),
                "type": ["Evidence"],
                "name": f"Certificate {certificate.number}",
                "description": f"{format_number(certificate.hours, language='en')} hours, completed "
                f"{format_date(certificate.completed_on, language='en')}",
            }
        ],
    }
