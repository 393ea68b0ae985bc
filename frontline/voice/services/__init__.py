"""Writes of the citizens' voice module (see each module's docstring)."""

from .escalation import escalate_overdue
from .handling import (
    allowed_transitions,
    concern_merge,
    concern_rate,
    concern_reopen,
    concern_route,
    concern_transition,
    working_group_act,
)
from .hearing import forum_save, mission_save, visit_save
from .intake import concern_create, normalise_tracking_code

__all__ = [
    "allowed_transitions",
    "concern_create",
    "concern_merge",
    "concern_rate",
    "concern_reopen",
    "concern_route",
    "concern_transition",
    "escalate_overdue",
    "forum_save",
    "mission_save",
    "normalise_tracking_code",
    "visit_save",
    "working_group_act",
]
