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
    WORKING_GROUP = "working_group", _("National working group member")


class Perm(StrEnum):
    AREAS_VIEW = "areas.view"
    ORGANISATIONS_VIEW = "organisations.view"
    ORGANISATIONS_CHANGE = "organisations.change"
    OFFICIALS_VIEW = "officials.view"
    OFFICIALS_CHANGE = "officials.change"
    OFFICIALS_IMPORT = "officials.import"
    AUDIT_VIEW = "audit.view"
    ACCOUNTS_MANAGE = "accounts.manage"
    # Capacity development (frontline.learning)
    LEARNING_VIEW = "learning.view"  # programmes, events, participants, dashboards in scope
    LEARNING_MANAGE = "learning.manage"  # programmes, curricula, events, budgets, certificates
    LEARNING_NOMINATE = "learning.nominate"  # put officials in scope forward for events
    LEARNING_TRAIN = "learning.train"  # the events one trains: attendance, tests (per record)
    NEEDS_FILE = "needs.file"  # a unit's training needs
    NEEDS_PLAN = "needs.plan"  # consolidated needs, annual and strategic plans
    # Knowledge exchange (frontline.knowledge); publishing a practice takes learning.manage.
    KNOWLEDGE_CONTRIBUTE = "knowledge.contribute"  # a unit's good practices, innovations, leadership examples
    # Citizens' voice (frontline.voice)
    VOICE_VIEW = "voice.view"  # concerns, forums, visits, dashboards and reports in scope
    VOICE_RECORD = "voice.record"  # forums, household visits and concerns heard at a counter or hotline
    VOICE_HANDLE = "voice.handle"  # route, acknowledge, answer, merge the concerns in scope
    VOICE_ACT = "voice.act"  # the national working group's actions: urge, request information, monitor, mobilise
    VOICE_MANAGE = "voice.manage"  # categories, deadlines, routing rules, missions


_READ = {Perm.AREAS_VIEW, Perm.ORGANISATIONS_VIEW, Perm.OFFICIALS_VIEW}
_OFFICER = _READ | {Perm.OFFICIALS_CHANGE, Perm.OFFICIALS_IMPORT}
_LEARNING_UNIT = {Perm.LEARNING_VIEW, Perm.LEARNING_NOMINATE, Perm.NEEDS_FILE, Perm.KNOWLEDGE_CONTRIBUTE}
_LEARNING_ORGANISER = _LEARNING_UNIT | {Perm.LEARNING_MANAGE, Perm.NEEDS_PLAN}
_VOICE_UNIT = {Perm.VOICE_VIEW, Perm.VOICE_RECORD, Perm.VOICE_HANDLE}

ROLE_PERMISSIONS: dict[str, frozenset[Perm]] = {
    Role.SYSTEM_ADMIN: frozenset(Perm),
    Role.NATIONAL_ADMIN: frozenset(
        _OFFICER
        | _LEARNING_ORGANISER
        | _VOICE_UNIT
        | {Perm.ORGANISATIONS_CHANGE, Perm.ACCOUNTS_MANAGE, Perm.VOICE_MANAGE, Perm.VOICE_ACT}
    ),
    # Provincial departments organise training in their province and consolidate its needs.
    Role.PROVINCIAL_OFFICER: frozenset(_OFFICER | _LEARNING_ORGANISER | _VOICE_UNIT),
    Role.DISTRICT_OFFICER: frozenset(_OFFICER | _LEARNING_UNIT | _VOICE_UNIT),
    Role.COMMUNE_OFFICER: frozenset(_READ | _LEARNING_UNIT | _VOICE_UNIT | {Perm.OFFICIALS_CHANGE}),
    Role.TRAINING_COORDINATOR: frozenset(_READ | _LEARNING_ORGANISER),
    # Trainers see their own events and participants (per record), not the registry.
    Role.TRAINER: frozenset({Perm.AREAS_VIEW, Perm.LEARNING_TRAIN}),
    # Partners are read-only on the programmes and events they run or fund.
    Role.PARTNER: frozenset({Perm.AREAS_VIEW, Perm.ORGANISATIONS_VIEW, Perm.LEARNING_VIEW}),
    Role.AUDITOR: frozenset(_READ | {Perm.AUDIT_VIEW, Perm.LEARNING_VIEW, Perm.VOICE_VIEW}),
    # The national working group supports and urges sub-national administrations; it records
    # what it heard on its missions but never decides a concern (no voice.handle).
    Role.WORKING_GROUP: frozenset(
        {Perm.AREAS_VIEW, Perm.ORGANISATIONS_VIEW, Perm.VOICE_VIEW, Perm.VOICE_RECORD, Perm.VOICE_ACT}
    ),
}

# Roles bound to one level of the area tree: their assignment must name an area of that level.
SCOPE_LEVEL: dict[str, str] = {
    Role.PROVINCIAL_OFFICER: "province",
    Role.DISTRICT_OFFICER: "district",
    Role.COMMUNE_OFFICER: "commune",
}
# Roles that may hold a national assignment (no area and no organisation).
NATIONAL_ROLES = frozenset(
    {Role.SYSTEM_ADMIN, Role.NATIONAL_ADMIN, Role.AUDITOR, Role.TRAINING_COORDINATOR, Role.WORKING_GROUP}
)
# Permissions that reach only the records someone is assigned to (a trainer's own events):
# handing them out widens nobody's view of the registry, so managers may grant them freely.
PER_RECORD_PERMS = frozenset({Perm.LEARNING_TRAIN})
