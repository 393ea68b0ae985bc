"""Following a concern up: routing, status transitions with notes, merging duplicates, the
national working group's actions, and the citizen's reopening and rating.

Every write goes through `_change`, which locks the concern row, keeps the tallies and names
the acting user in the audit log.
"""

import datetime
from contextlib import contextmanager

from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.utils import timezone
from django.utils.html import strip_tags
from django.utils.translation import gettext as _

from frontline.accounts.roles import Perm
from frontline.audit.context import acting_as
from frontline.core.records import refuse
from frontline.organisations.models import Organisation

from .. import rollups
from ..models import (
    ANSWERED_STATUSES,
    NOTE_MAX,
    ActionKind,
    Concern,
    ConcernUpdate,
    Notification,
    Status,
    WorkingGroupAction,
)
from ..routing import level_of

S = Status
# Which status may follow which (staff). Reopening is the citizen's, closing ends the handling.
TRANSITIONS: dict[str, set[str]] = {
    S.RECEIVED: {S.ACKNOWLEDGED, S.ASSIGNED, S.IN_PROGRESS, S.REFERRED, S.NOT_SOLVABLE},
    S.ACKNOWLEDGED: {S.ASSIGNED, S.IN_PROGRESS, S.RESOLVED, S.REFERRED, S.NOT_SOLVABLE},
    S.ASSIGNED: {S.IN_PROGRESS, S.RESOLVED, S.REFERRED, S.NOT_SOLVABLE},
    S.IN_PROGRESS: {S.RESOLVED, S.REFERRED, S.NOT_SOLVABLE},
    S.REOPENED: {S.ACKNOWLEDGED, S.ASSIGNED, S.IN_PROGRESS, S.RESOLVED, S.REFERRED, S.NOT_SOLVABLE},
    S.RESOLVED: {S.CLOSED},
    S.REFERRED: {S.CLOSED},
    S.NOT_SOLVABLE: {S.CLOSED},
    S.CLOSED: set(),
}
# The citizen must read why: these transitions need an answer for the public.
NEEDS_PUBLIC_ANSWER = {S.RESOLVED, S.REFERRED, S.NOT_SOLVABLE}
REOPEN_WINDOW = datetime.timedelta(days=30)


def _text(value: str | None, field: str) -> str:
    text = strip_tags(value or "").strip()
    if len(text) > NOTE_MAX:
        raise refuse(field, _("At most %(max)s letters.") % {"max": NOTE_MAX}, "too_long")
    return text


def _require(user, perm: Perm, concern: Concern) -> None:
    """The user holds `perm` over this concern (the record was found in their scope for view)."""
    if not Concern.objects.visible_to(user, perm=perm).filter(pk=concern.pk).exists():
        raise PermissionDenied


@contextmanager
def _change(concern: Concern, acting_user):
    """Lock the concern, yield its fresh copy, keep its tallies; one transaction."""
    with acting_as(acting_user), transaction.atomic():
        locked = Concern.objects.select_for_update().select_related("category").get(pk=concern.pk)
        with rollups.keeping_tallies(locked):
            yield locked
            locked.save()
    concern.refresh_from_db()


def _update(
    concern: Concern, kind: str, *, author=None, before: str = "", public: str = "", internal: str = "", unit=None
):
    return ConcernUpdate.objects.create(
        concern=concern,
        kind=kind,
        from_status=before,
        to_status=concern.status,
        public_note=public,
        internal_note=internal,
        author=author if getattr(author, "is_authenticated", False) else None,
        unit=unit,
    )


def _notify(unit: Organisation | None, concern: Concern, kind: str) -> None:
    if unit is not None:
        Notification.objects.create(unit=unit, unit_path=unit.path, concern=concern, kind=kind)


def allowed_transitions(concern: Concern) -> list[str]:
    if concern.merged_into_id:
        return []
    return [status for status in Status.values if status in TRANSITIONS.get(concern.status, set())]


def concern_transition(
    *, acting_user, concern: Concern, status: str, public_note: str = "", internal_note: str = ""
) -> Concern:
    """Move a concern to `status` with a note; an invalid transition is refused."""
    _require(acting_user, Perm.VOICE_HANDLE, concern)
    public = _text(public_note, "public_note")
    internal = _text(internal_note, "internal_note")
    with _change(concern, acting_user) as locked:
        if locked.merged_into_id or status not in TRANSITIONS.get(locked.status, set()):
            raise refuse(
                "status",
                _("A concern that is “%(current)s” cannot become “%(new)s”.")
                % {
                    "current": Status(locked.status).label,
                    "new": Status(status).label if status in Status.values else status,
                },
                "invalid_transition",
            )
        if status in NEEDS_PUBLIC_ANSWER and not public:
            raise refuse("public_note", _("Write the answer the citizen will read."), "public_note_missing")
        if not (public or internal):
            raise refuse("internal_note", _("Write a note about this step."), "note_missing")
        before = locked.status
        now = timezone.now()
        locked.status = status
        if status != S.RECEIVED and locked.acknowledged_at is None:
            locked.acknowledged_at = now
        if status in ANSWERED_STATUSES and locked.answered_at is None:
            locked.answered_at = now
        if status == S.CLOSED:
            locked.closed_at = now
        _update(
            locked, ConcernUpdate.Kind.TRANSITION, author=acting_user, before=before, public=public, internal=internal
        )
    return concern


def concern_route(*, acting_user, concern: Concern, authority: Organisation, internal_note: str = "") -> Concern:
    """Confirm or change the competent authority (audited; the unit is notified)."""
    _require(acting_user, Perm.VOICE_HANDLE, concern)
    if authority is None:
        raise refuse("authority", _("Choose the competent authority."), "authority_missing")
    internal = _text(internal_note, "internal_note")
    with _change(concern, acting_user) as locked:
        if locked.merged_into_id or locked.status == S.CLOSED:
            raise refuse("authority", _("A closed concern is not routed again."), "route_closed")
        changed = locked.authority_id != authority.pk
        locked.authority = authority
        locked.authority_path = authority.path
        locked.routing_confirmed = True
        if changed:
            locked.escalation_level = max(locked.escalation_level, level_of(authority))
        _update(
            locked,
            ConcernUpdate.Kind.ROUTED,
            author=acting_user,
            before=locked.status,
            internal=internal,
            unit=authority,
        )
        if changed:
            _notify(authority, locked, Notification.Kind.ROUTED)
    return concern


def concern_merge(*, acting_user, primary: Concern, duplicates: list[Concern], internal_note: str = "") -> Concern:
    """Fold duplicates into `primary`: they close, pointing at it, keeping their reporters and
    their history; the primary's page shows them all."""
    _require(acting_user, Perm.VOICE_HANDLE, primary)
    duplicates = [duplicate for duplicate in duplicates if duplicate.pk != primary.pk]
    if not duplicates:
        raise refuse("duplicates", _("Choose at least one other concern to merge."), "merge_none")
    for duplicate in duplicates:
        _require(acting_user, Perm.VOICE_HANDLE, duplicate)
    if primary.merged_into_id:
        raise refuse("duplicates", _("This concern was itself merged into another."), "merge_into_merged")
    internal = _text(internal_note, "internal_note")
    with acting_as(acting_user), transaction.atomic():
        for duplicate in sorted(duplicates, key=lambda concern: concern.pk):
            with _change(duplicate, acting_user) as locked:
                if locked.merged_into_id:
                    raise refuse(
                        "duplicates",
                        _("%(code)s was already merged into another concern.") % {"code": locked.tracking_code},
                        "merge_twice",
                    )
                before = locked.status
                locked.merged_into = primary
                locked.status = S.CLOSED
                locked.closed_at = locked.closed_at or timezone.now()
                _update(
                    locked,
                    ConcernUpdate.Kind.MERGED,
                    author=acting_user,
                    before=before,
                    public=_("This concern was joined with %(code)s, which carries the answer.")
                    % {"code": primary.tracking_code},
                    internal=internal,
                )
        _update(
            primary,
            ConcernUpdate.Kind.MERGED,
            author=acting_user,
            before=primary.status,
            internal=_("Merged here: %(codes)s") % {"codes": ", ".join(d.tracking_code for d in duplicates)}
            + (f"\n{internal}" if internal else ""),
        )
    return primary


def working_group_act(
    *, acting_user, concern: Concern, kind: str, note: str, unit: Organisation | None = None, partner=None
) -> WorkingGroupAction:
    """Record a national working group action against the concern and the unit handling it.
    It supports and urges; the concern's status is the unit's to change."""
    _require(acting_user, Perm.VOICE_ACT, concern)
    if kind not in ActionKind.values:
        raise refuse("kind", _("Choose one of the actions the directive allows."), "action_kind")
    text = _text(note, "note")
    if not text:
        raise refuse("note", _("Say what was done."), "note_missing")
    unit = unit or concern.authority
    if unit is None:
        raise refuse("unit", _("The concern has no competent authority yet."), "no_unit")
    if kind == ActionKind.MOBILISE and partner is None:
        raise refuse("partner", _("Name the partner whose resources are mobilised."), "partner_missing")
    with acting_as(acting_user), transaction.atomic():
        action = WorkingGroupAction(
            concern=concern, unit=unit, kind=kind, note=text, partner=partner, author=acting_user
        )
        action.full_clean()
        action.save()
        _notify(unit, concern, Notification.Kind.ACTION)
    return action


def _citizen_may_act_since(concern: Concern) -> datetime.datetime | None:
    return concern.closed_at or concern.answered_at


def concern_reopen(*, concern: Concern, reason: str) -> Concern:
    """The citizen reopens an answered concern within 30 days (from /track)."""
    text = _text(reason, "reason")
    if not text:
        raise refuse("reason", _("Say why the concern is not solved."), "reason_missing")
    with _change(concern, None) as locked:
        since = _citizen_may_act_since(locked)
        if locked.merged_into_id or locked.status not in ANSWERED_STATUSES or since is None:
            raise refuse("reason", _("Only an answered concern can be reopened."), "reopen_open")
        if timezone.now() - since > REOPEN_WINDOW:
            raise refuse("reason", _("A concern can be reopened only within 30 days of its answer."), "reopen_late")
        before = locked.status
        now = timezone.now()
        locked.status = S.REOPENED
        locked.answered_at = None
        locked.closed_at = None
        locked.satisfied = None
        locked.rated_at = None
        locked.resolve_due = now + datetime.timedelta(days=locked.category.resolve_days)
        _update(locked, ConcernUpdate.Kind.REOPENED, before=before, public=text)
        _notify(locked.authority, locked, Notification.Kind.REOPENED)
    return concern


def concern_rate(*, concern: Concern, satisfied: bool | None, reason: str = "") -> Concern:
    """The citizen rates the outcome once the concern is answered, once."""
    if satisfied is None:
        raise refuse("satisfied", _("Say whether you are satisfied."), "rating_missing")
    text = _text(reason, "reason")
    if len(text) > 1000:
        raise refuse("reason", _("At most %(max)s letters.") % {"max": 1000}, "too_long")
    if not satisfied and not text:
        raise refuse("reason", _("Say why you are not satisfied."), "reason_missing")
    with _change(concern, None) as locked:
        if locked.merged_into_id or locked.status not in ANSWERED_STATUSES:
            raise refuse("satisfied", _("You can rate the outcome once the concern is answered."), "rating_early")
        if locked.rated_at is not None:
            raise refuse("satisfied", _("This concern was already rated."), "rating_twice")
        locked.satisfied = bool(satisfied)
        locked.satisfaction_reason = text
        locked.rated_at = timezone.now()
        _update(locked, ConcernUpdate.Kind.RATED, before=locked.status, public=text)
    return concern
