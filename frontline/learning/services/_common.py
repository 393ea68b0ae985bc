from django.core.exceptions import ValidationError
from django.db import models


def save_clean(record: models.Model, **update) -> models.Model:
    """Set fields, validate everything the model knows, save."""
    for name, value in update.items():
        setattr(record, name, value)
    record.full_clean()
    record.save()
    return record


def refuse(field: str | None, message, code: str) -> ValidationError:
    """A ValidationError on one field (or the whole record when field is None)."""
    return ValidationError({field or "__all__": ValidationError(message, code=code)})
