"""NCDD codes are prefixes of each other: a subtree is a range of codes.

"Everything inside Mondulkiri (11)" is every code c with "11" <= c < "12", which a
B-tree index on the code column answers as one range scan on SQLite and PostgreSQL
alike (no LIKE, so no collation or pattern-ops surprises).
"""

from django.db.models import Q

LEVEL_LENGTHS = {"province": 2, "district": 4, "commune": 6, "village": 8}


def next_prefix(prefix: str) -> str | None:
    """The smallest digit string of the same length greater than prefix, or None if none is."""
    digits = list(prefix)
    for i in range(len(digits) - 1, -1, -1):
        if digits[i] < "9":
            digits[i] = chr(ord(digits[i]) + 1)
            return "".join(digits[: i + 1])
    return None


def subtree_q(field: str, prefix: str) -> Q:
    """Q selecting the rows whose code in `field` lies inside `prefix`'s subtree (itself included)."""
    if prefix == "":
        return Q()
    upper = next_prefix(prefix)
    condition = Q(**{f"{field}__gte": prefix})
    if upper is not None:
        condition &= Q(**{f"{field}__lt": upper})
    return condition


def level_of(code: str) -> str | None:
    for level, length in LEVEL_LENGTHS.items():
        if len(code) == length:
            return level
    return None


def is_valid_code(code: str) -> bool:
    return code.isascii() and code.isdigit() and level_of(code) is not None
