"""Roles, permissions and which role grants what: the one file to read about who may do what.

A module adds a role by adding a Role member and its row in ROLE_PERMISSIONS (and
SCOPE_LEVEL if it is bound to an area level), and a permission by adding a Perm member.
"""

from enum import StrEnum

from django.db import models
from django.utils.translation import gettext_lazy as _


class Role(models.TextChoices):
    SYSTEM_ADMIN = "system_admin", _("System administrator")
    NATIONAL_ADMIN = "national_admin", _("National administrator")
    PROVINCIAL_OFFICER = "provincial_officer", _("Provincial officer")
    DISTRICT_OFFICER = "district_officer", _("District officer")
    COMMUNE_OFFICER = "commune_officer", _("Commune officer")
    TRAINING_COORDINATOR = "training_coordinator", _("Training coordinator")
    TRAINER = "trainer", _("Trainer")
    PARTNER = "partner", _("Partner")
    AUDITOR = "auditor", _("Auditor")


class Perm(StrEnum):
    AREAS_VIEW = "areas.view"
    ORGANISATIONS_VIEW = "organisations.view"
    ORGANISATIONS_CHANGE = "organisations.change"
    OFFICIALS_VIEW = "officials.view"
    OFFICIALS_CHANGE = "officials.change"
    OFFICIALS_IMPORT = "officials.import"
    AUDIT_VIEW = "audit.view"
    ACCOUNTS_MANAGE = "accounts.manage"


_READ = {Perm.AREAS_VIEW, Perm.ORGANISATIONS_VIEW, Perm.OFFICIALS_VIEW}
_OFFICER = _READ | {Perm.OFFICIALS_CHANGE, Perm.OFFICIALS_IMPORT}

ROLE_PERMISSIONS: dict[str, frozenset[Perm]] = {
    Role.SYSTEM_ADMIN: frozenset(Perm),
    Role.NATIONAL_ADMIN: frozenset(_OFFICER | {Perm.ORGANISATIONS_CHANGE, Perm.ACCOUNTS_MANAGE}),
    Role.PROVINCIAL_OFFICER: frozenset(_OFFICER),
    Role.DISTRICT_OFFICER: frozenset(_OFFICER),
    Role.COMMUNE_OFFICER: frozenset(_READ | {Perm.OFFICIALS_CHANGE}),
    Role.TRAINING_COORDINATOR: frozenset(_READ),
    # Trainers see the participants of their own events (the learning module), not the registry.
    Role.TRAINER: frozenset({Perm.AREAS_VIEW}),
    # Partners are read-only on their own programmes (the learning module).
    Role.PARTNER: frozenset({Perm.AREAS_VIEW, Perm.ORGANISATIONS_VIEW}),
    Role.AUDITOR: frozenset(_READ | {Perm.AUDIT_VIEW}),
}

# Roles bound to one level of the area tree: their assignment must name an area of that level.
SCOPE_LEVEL: dict[str, str] = {
    Role.PROVINCIAL_OFFICER: "province",
    Role.DISTRICT_OFFICER: "district",
    Role.COMMUNE_OFFICER: "commune",
}
# Roles that may hold a national assignment (no area and no organisation).
NATIONAL_ROLES = frozenset({Role.SYSTEM_ADMIN, Role.NATIONAL_ADMIN, Role.AUDITOR, Role.TRAINING_COORDINATOR})
