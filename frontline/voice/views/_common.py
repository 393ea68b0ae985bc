"""What the staff pages of the citizens' voice share (the learning pages' helpers, reused)."""

from frontline.learning.views._common import attach_errors, fragment_or_page, require, run_service

__all__ = ["attach_errors", "fragment_or_page", "int_param", "require", "run_service"]


def int_param(value: str | None, default: int | None = None) -> int | None:
    return int(value) if value and value.isascii() and value.isdigit() and len(value) < 10 else default
