"""Writes to the organisation tree.

A write made for a user (acting_user not None) must leave the organisation inside that
user's organisations.change scope, under a parent in it: a form or an API call cannot move
a unit out of the writer's reach or attach it to a tree they may not change. Writes with
acting_user None are the system's own (the gazetteer loader, demo data).
"""

from django.core.exceptions import ValidationError
from django.db.models import Max
from django.utils.translation import gettext as _

from frontline.accounts.roles import Perm
from frontline.audit.context import service
from frontline.core.formatting import format_number
from frontline.core.text import search_document

from .models import PATH_SEGMENT, Organisation
from .policies import may_create_root


def _next_path(parent: Organisation | None) -> str:
    prefix = parent.path if parent else ""
    siblings = Organisation.objects.filter(parent=parent) if parent else Organisation.objects.filter(parent=None)
    last = siblings.aggregate(last=Max("path"))["last"]
    position = int(last[-PATH_SEGMENT:]) + 1 if last else 1
    if position >= 10**PATH_SEGMENT:
        # A wider segment would make this unit's path a prefix of a sibling's subtree, and the
        # sibling's records would fall inside this unit's scope.
        raise ValidationError(
            {
                "parent": _("An organisation can hold at most %(limit)s units directly under it.")
                % {"limit": format_number(10**PATH_SEGMENT - 1)}
            },
            code="too_many_units",
        )
    return prefix + f"{position:0{PATH_SEGMENT}d}"


def _derive(organisation: Organisation) -> None:
    organisation.area_code = organisation.area_id or ""
    organisation.search_text = search_document(
        organisation.name_km, organisation.name_en, organisation.abbreviation, organisation.code
    )


def _check_parent(acting_user, parent: Organisation | None) -> None:
    if acting_user is None:
        return
    if parent is None and not may_create_root(acting_user):
        raise ValidationError({"parent": _("Choose the organisation this unit belongs to.")}, code="root")
    in_scope = Organisation.objects.visible_to(acting_user, perm=Perm.ORGANISATIONS_CHANGE)
    if parent is not None and not in_scope.filter(pk=parent.pk).exists():
        raise ValidationError({"parent": _("Choose an organisation within your scope.")}, code="scope")


def _check_result(acting_user, organisation: Organisation) -> None:
    """Refuse (and so roll back) a write that leaves the unit outside the writer's scope."""
    if acting_user is None:
        return
    in_scope = Organisation.objects.visible_to(acting_user, perm=Perm.ORGANISATIONS_CHANGE)
    if not in_scope.filter(pk=organisation.pk).exists():
        raise ValidationError({"area": _("Choose an area within your scope.")}, code="scope")


@service
def organisation_create(*, acting_user, parent: Organisation | None = None, **fields) -> Organisation:
    _check_parent(acting_user, parent)
    organisation = Organisation(parent=parent, **fields)
    organisation.path = _next_path(parent)
    _derive(organisation)
    organisation.full_clean()
    organisation.save()
    _check_result(acting_user, organisation)
    return organisation


# What follows a unit to its new area: each app that copies a unit's area onto its own rows
# (officials, needs, indicators...) registers a function of the organisation at start-up.
UNIT_MOVED: list = []


@service
def organisation_update(*, acting_user, organisation: Organisation, **fields) -> Organisation:
    """Change names, kind, area or status. Moving a unit to another parent is not offered."""
    old_area_code = organisation.area_code
    for name, value in fields.items():
        setattr(organisation, name, value)
    _derive(organisation)
    organisation.full_clean()
    organisation.save()
    _check_result(acting_user, organisation)
    if organisation.area_code != old_area_code:
        for follow in UNIT_MOVED:
            follow(organisation)
    return organisation
