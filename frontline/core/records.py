"""Saving a record with its validation, and refusing a write with a message on one field."""

from django.core.exceptions import ValidationError
from django.db import models


def save_clean(record: models.Model, *, only: tuple[str, ...] | None = None, **update) -> models.Model:
    """Set fields, validate everything the model knows, save.

    `only` saves just those columns (and updated_at): the way to save a record whose other
    columns are counters kept by F() updates elsewhere, which a stale copy would overwrite.
    """
    for name, value in update.items():
        setattr(record, name, value)
    record.full_clean()
    if only is not None and record.pk is not None:
        fields = set(only) | set(update)
        if any(field.name == "updated_at" for field in record._meta.fields):
            fields.add("updated_at")
        record.save(update_fields=sorted(fields))
    else:
        record.save()
    return record


def refuse(field: str | None, message, code: str) -> ValidationError:
    """A ValidationError on one field (or the whole record when field is None)."""
    return ValidationError({field or "__all__": ValidationError(message, code=code)})
