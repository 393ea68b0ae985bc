"""The one place where numbers, money and dates are written for people.

Khmer: Khmer digits, "." groups thousands (150.000៛), Khmer month names
(១៥ មករា ២០២៥). English: 150,000 KHR, 15 January 2025. Separators are pinned here
rather than taken from ICU or Django, whose Khmer formats differ between versions.
"""

import datetime
from decimal import Decimal

from django.utils import timezone, translation

from .text import KHMER_DIGITS

_TO_KHMER_DIGITS = str.maketrans("0123456789", KHMER_DIGITS)
KHMER_MONTHS = (
    "មករា", "កុម្ភៈ", "មីនា", "មេសា", "ឧសភា", "មិថុនា",
    "កក្កដា", "សីហា", "កញ្ញា", "តុលា", "វិច្ឆិកា", "ធ្នូ",
)  # fmt: skip
ENGLISH_MONTHS = (
    "January", "February", "March", "April", "May", "June",
    "July", "August", "September", "October", "November", "December",
)  # fmt: skip


def _is_khmer(language: str | None) -> bool:
    return (language or translation.get_language() or "km").startswith("km")


def khmer_digits(text: str) -> str:
    return text.translate(_TO_KHMER_DIGITS)


def format_number(value: int | float | Decimal | None, *, decimals: int = 0, language: str | None = None) -> str:
    """12345.6 -> '១២.៣៤៥,៦' in Khmer, '12,345.6' in English."""
    if value is None:
        return ""
    english = f"{value:,.{decimals}f}"
    if not _is_khmer(language):
        return english
    swapped = english.replace(",", "\0").replace(".", ",").replace("\0", ".")
    return khmer_digits(swapped)


def format_digits(value, *, language: str | None = None) -> str:
    """A number written without grouping, such as a year or a code: 2026 -> '២០២៦' in Khmer."""
    text = "" if value is None else str(value)
    return khmer_digits(text) if _is_khmer(language) else text


def format_percent(value: float | None, *, decimals: int = 0, language: str | None = None) -> str:
    if value is None:
        return ""
    return format_number(value * 100, decimals=decimals, language=language) + "%"


def format_riel(amount: int | Decimal | None, *, language: str | None = None) -> str:
    """150000 -> '១៥០.០០០៛' in Khmer, '150,000 KHR' in English."""
    if amount is None:
        return ""
    text = format_number(amount, language=language)
    return f"{text}៛" if _is_khmer(language) else f"{text} KHR"


def format_date(value: datetime.date | datetime.datetime | None, *, language: str | None = None) -> str:
    """A date as people write it: '១៥ មករា ២០២៥' or '15 January 2025'."""
    if value is None:
        return ""
    if isinstance(value, datetime.datetime):
        value = timezone.localtime(value) if timezone.is_aware(value) else value
    if _is_khmer(language):
        return khmer_digits(f"{value.day} {KHMER_MONTHS[value.month - 1]} {value.year}")
    return f"{value.day} {ENGLISH_MONTHS[value.month - 1]} {value.year}"


def format_datetime(value: datetime.datetime | None, *, language: str | None = None) -> str:
    if value is None:
        return ""
    local = timezone.localtime(value) if timezone.is_aware(value) else value
    clock = f"{local.hour:02d}:{local.minute:02d}"
    if _is_khmer(language):
        clock = khmer_digits(clock)
    return f"{format_date(local, language=language)} {clock}"


def localized(obj, field: str = "name", *, language: str | None = None) -> str:
    """obj.<field>_km in Khmer, obj.<field>_en in English (falling back to the other)."""
    first, second = ("km", "en") if _is_khmer(language) else ("en", "km")
    return getattr(obj, f"{field}_{first}", "") or getattr(obj, f"{field}_{second}", "")
