"""Writes to the organisation tree."""

from django.db.models import Max

from frontline.audit.context import service
from frontline.core.text import search_document

from .models import PATH_SEGMENT, Organisation


def _next_path(parent: Organisation | None) -> str:
    prefix = parent.path if parent else ""
    siblings = Organisation.objects.filter(parent=parent) if parent else Organisation.objects.filter(parent=None)
    last = siblings.aggregate(last=Max("path"))["last"]
    position = int(last[-PATH_SEGMENT:]) + 1 if last else 1
    return prefix + f"{position:0{PATH_SEGMENT}d}"


def _derive(organisation: Organisation) -> None:
    organisation.area_code = organisation.area_id or ""
    organisation.search_text = search_document(
        organisation.name_km, organisation.name_en, organisation.abbreviation, organisation.code
    )


@service
def organisation_create(*, acting_user, parent: Organisation | None = None, **fields) -> Organisation:
    organisation = Organisation(parent=parent, **fields)
    organisation.path = _next_path(parent)
    _derive(organisation)
    organisation.full_clean()
    organisation.save()
    return organisation


@service
def organisation_update(*, acting_user, organisation: Organisation, **fields) -> Organisation:
    """Change names, kind, area or status. Moving a unit to another parent is not offered."""
    old_area_code = organisation.area_code
    for name, value in fields.items():
        setattr(organisation, name, value)
    _derive(organisation)
    organisation.full_clean()
    organisation.save()
    if organisation.area_code != old_area_code:
        from frontline.people.services import organisation_moved_area

        organisation_moved_area(organisation=organisation)
    return organisation
