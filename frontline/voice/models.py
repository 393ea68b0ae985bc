"""Citizens' voice: forums and household visits, concerns from every channel, routing to the
competent authority, follow-up, escalation, national working group actions, ratings.

Scoping columns (area_code, province_code, district_code, authority_path, escalated_path) are
copied by the services so that every list is one indexed table with no joins.
"""

import uuid

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from frontline.accounts.roles import Perm
from frontline.core.models import FastChoicesModel, TimeStampedModel

DESCRIPTION_MAX = 4000
NOTE_MAX = 4000


class Channel(models.TextChoices):
    FORUM = "forum", _("Public forum")
    VISIT = "visit", _("Household visit")
    OWSO = "owso", _("One Window Service Office")
    HOTLINE = "hotline", _("Hotline call")
    WEB = "web", _("Public web form")
    API = "api", _("Open311 application")


class Status(models.TextChoices):
    RECEIVED = "received", _("Received")
    ACKNOWLEDGED = "acknowledged", _("Acknowledged")
    ASSIGNED = "assigned", _("Assigned")
    IN_PROGRESS = "in_progress", _("In progress")
    RESOLVED = "resolved", _("Resolved")
    REFERRED = "referred", _("Referred")
    NOT_SOLVABLE = "not_solvable", _("Cannot be solved under the law")
    CLOSED = "closed", _("Closed")
    REOPENED = "reopened", _("Reopened")


# Statuses in which the authority still owes an answer (the resolve deadline runs).
OPEN_STATUSES = (Status.RECEIVED, Status.ACKNOWLEDGED, Status.ASSIGNED, Status.IN_PROGRESS, Status.REOPENED)
# Statuses that end the handling: the citizen has an answer (resolve time is measured to here).
ANSWERED_STATUSES = (Status.RESOLVED, Status.REFERRED, Status.NOT_SOLVABLE, Status.CLOSED)


class ReporterGroup(models.TextChoices):
    CITIZEN = "citizen", _("Citizen")
    YOUTH = "youth", _("Youth")
    SERVICE_PROVIDER = "provider", _("Service provider")


class Level(models.IntegerChoices):
    """The escalation ladder: a stalled concern goes one rung up."""

    COMMUNE = 0, _("Commune")
    DISTRICT = 1, _("District")
    PROVINCE = 2, _("Province")
    MINISTRY = 3, _("Ministry")
    NATIONAL_WORKING_GROUP = 4, _("National working group")


class ForumLevel(models.TextChoices):
    COMMUNE = "commune", _("Commune")
    DISTRICT = "district", _("District")
    PROVINCE = "province", _("Province")


class Category(FastChoicesModel):
    """The taxonomy of concerns (an Open311 service each); administrators edit it."""

    code = models.SlugField(_("code"), max_length=40, unique=True)
    name_km = models.CharField(_("name in Khmer"), max_length=120)
    name_en = models.CharField(_("name in English"), max_length=120)
    description_km = models.CharField(_("description in Khmer"), max_length=300, blank=True)
    description_en = models.CharField(_("description in English"), max_length=300, blank=True)
    acknowledge_days = models.PositiveSmallIntegerField(
        _("days to acknowledge"), default=3, validators=[MinValueValidator(1), MaxValueValidator(365)]
    )
    resolve_days = models.PositiveSmallIntegerField(
        _("days to resolve"), default=30, validators=[MinValueValidator(1), MaxValueValidator(730)]
    )
    ministry = models.ForeignKey(
        "organisations.Organisation",
        verbose_name=_("responsible ministry"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        help_text=_("Where an escalation goes after the province."),
    )
    is_active = models.BooleanField(_("active"), default=True)
    sort_order = models.PositiveSmallIntegerField(_("order"), default=0)

    class Meta:
        ordering = ["sort_order", "code"]
        verbose_name = _("concern category")
        verbose_name_plural = _("concern categories")

    def __str__(self) -> str:
        return self.name_en


class RoutingRule(TimeStampedModel):
    """Names the competent authority for concerns of a category (or any) in an area subtree
    (or anywhere). The most specific rule wins: the longest area code, then a named category."""

    category = models.ForeignKey(
        Category, verbose_name=_("category"), null=True, blank=True, on_delete=models.CASCADE, related_name="rules"
    )
    area = models.ForeignKey(
        "geography.Area", verbose_name=_("area"), null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    authority = models.ForeignKey(
        "organisations.Organisation", verbose_name=_("competent authority"), on_delete=models.PROTECT, related_name="+"
    )
    note = models.CharField(_("legal basis or note"), max_length=300, blank=True)

    class Meta:
        verbose_name = _("routing rule")
        verbose_name_plural = _("routing rules")
        constraints = [models.UniqueConstraint(fields=["category", "area"], name="voice_rule_unique")]

    def __str__(self) -> str:
        return f"{self.category_id or '*'} @ {self.area_id or '*'} -> {self.authority_id}"


class AreaScopedQuerySet(models.QuerySet):
    """Forums, visits and missions: seen by area (voice.view) or by the organising unit."""

    def visible_to(self, user, *, perm: Perm = Perm.VOICE_VIEW):
        from frontline.accounts.scoping import scope_q

        condition = scope_q(
            user, perm, area_field="area_code", org_field="organiser_path", province_field="province_code"
        )
        return self.none() if condition is None else self.filter(condition)


class Mission(TimeStampedModel):
    """A national working group mission to a province: it supports and urges, it never decides."""

    title_km = models.CharField(_("title in Khmer"), max_length=250)
    title_en = models.CharField(_("title in English"), max_length=250)
    organiser = models.ForeignKey(
        "organisations.Organisation", verbose_name=_("organiser"), on_delete=models.PROTECT, related_name="+"
    )
    area = models.ForeignKey("geography.Area", verbose_name=_("province"), on_delete=models.PROTECT, related_name="+")
    start_date = models.DateField(_("start date"))
    end_date = models.DateField(_("end date"))
    members = models.TextField(_("members"), blank=True)
    purpose = models.TextField(_("purpose"), blank=True)

    area_code = models.CharField(max_length=8, editable=False, default="")
    province_code = models.CharField(max_length=2, editable=False, default="")
    organiser_path = models.CharField(max_length=64, editable=False, default="")

    objects = AreaScopedQuerySet.as_manager()

    class Meta:
        ordering = ["-start_date", "-id"]
        verbose_name = _("mission")
        verbose_name_plural = _("missions")

    def __str__(self) -> str:
        return self.title_en


class Forum(TimeStampedModel):
    """A public forum held by an administration (or during a mission) and who came."""

    mission = models.ForeignKey(
        Mission, verbose_name=_("mission"), null=True, blank=True, on_delete=models.PROTECT, related_name="forums"
    )
    level = models.CharField(_("level"), max_length=10, choices=ForumLevel.choices)
    area = models.ForeignKey("geography.Area", verbose_name=_("area"), on_delete=models.PROTECT, related_name="+")
    held_on = models.DateField(_("date"))
    venue = models.CharField(_("venue"), max_length=250)
    organiser = models.ForeignKey(
        "organisations.Organisation", verbose_name=_("organiser"), on_delete=models.PROTECT, related_name="+"
    )
    organisers_note = models.CharField(_("other organisers"), max_length=300, blank=True)
    attendance_female = models.PositiveIntegerField(_("women"), default=0)
    attendance_male = models.PositiveIntegerField(_("men"), default=0)
    attendance_youth = models.PositiveIntegerField(_("of whom youths"), default=0)
    attendance_indigenous = models.PositiveIntegerField(_("of whom indigenous people"), default=0)
    attendance_disability = models.PositiveIntegerField(_("of whom persons with disabilities"), default=0)
    agenda = models.TextField(_("agenda"), blank=True)
    minutes = models.TextField(_("minutes"), blank=True)

    area_code = models.CharField(max_length=8, editable=False, default="")
    province_code = models.CharField(max_length=2, editable=False, default="")
    organiser_path = models.CharField(max_length=64, editable=False, default="")

    objects = AreaScopedQuerySet.as_manager()

    class Meta:
        ordering = ["-held_on", "-id"]
        verbose_name = _("public forum")
        verbose_name_plural = _("public forums")
        indexes = [models.Index(fields=["province_code", "held_on"], name="voice_forum_province")]

    def __str__(self) -> str:
        return f"{self.venue} ({self.held_on})"

    @property
    def attendance_total(self) -> int:
        return self.attendance_female + self.attendance_male


class HouseholdVisit(TimeStampedModel):
    """A team's visit to a household in a village, and what it heard."""

    mission = models.ForeignKey(
        Mission, verbose_name=_("mission"), null=True, blank=True, on_delete=models.PROTECT, related_name="visits"
    )
    team = models.CharField(_("team"), max_length=300)
    organiser = models.ForeignKey(
        "organisations.Organisation", verbose_name=_("organiser"), on_delete=models.PROTECT, related_name="+"
    )
    area = models.ForeignKey("geography.Area", verbose_name=_("village"), on_delete=models.PROTECT, related_name="+")
    visited_on = models.DateField(_("date"))
    household = models.CharField(_("household"), max_length=200)
    notes = models.TextField(_("notes"), blank=True)

    area_code = models.CharField(max_length=8, editable=False, default="")
    province_code = models.CharField(max_length=2, editable=False, default="")
    organiser_path = models.CharField(max_length=64, editable=False, default="")

    objects = AreaScopedQuerySet.as_manager()

    class Meta:
        ordering = ["-visited_on", "-id"]
        verbose_name = _("household visit")
        verbose_name_plural = _("household visits")

    def __str__(self) -> str:
        return f"{self.household} ({self.visited_on})"


def concern_scope(user, perm: Perm, *, prefix: str = "") -> Q | None:
    """Who reaches which concerns: grants by area reach the concerns located in it; grants by
    organisation reach the concerns their units handle or that were escalated to them."""
    from frontline.accounts.scoping import any_of, scope_q

    located_or_handled = scope_q(
        user,
        perm,
        area_field=f"{prefix}area_code",
        org_field=f"{prefix}authority_path",
        province_field=f"{prefix}province_code",
    )
    escalated = scope_q(user, perm, area_field=None, org_field=f"{prefix}escalated_path")
    return any_of(located_or_handled, escalated)


# The person who raised a concern: what a confidential concern shows only to the handling unit,
# on its page as in its audit entries (see selectors.persons_hidden_from).
PERSON_FIELDS = ("reporter_name", "reporter_phone", "reporter_email", "reporter_group", "anonymous")


def handles_concern(user, concern) -> bool:
    """Whether the user belongs to the unit handling the concern (sees a confidential person)."""
    from frontline.accounts.scoping import grants

    path = concern.authority_path
    if not path:
        return False
    return any(
        grant.org_path is not None and path.startswith(grant.org_path) for grant in grants(user, Perm.VOICE_HANDLE)
    )


def shows_person(user, concern) -> bool:
    """Whether `user` may see who raised the concern: anyone who sees a concern that is not
    confidential; of a confidential one, only the handling unit. `user` None handles nothing."""
    return not concern.confidential or (user is not None and handles_concern(user, concern))


class ConcernQuerySet(models.QuerySet):
    def visible_to(self, user, *, perm: Perm = Perm.VOICE_VIEW) -> "ConcernQuerySet":
        condition = concern_scope(user, perm)
        return self.none() if condition is None else self.filter(condition)


class Concern(TimeStampedModel):
    """A concern or request heard from a person, with its tracking code for them."""

    tracking_code = models.CharField(_("tracking code"), max_length=12, unique=True, editable=False)
    channel = models.CharField(_("channel"), max_length=10, choices=Channel.choices)
    category = models.ForeignKey(Category, verbose_name=_("category"), on_delete=models.PROTECT, related_name="+")
    area = models.ForeignKey("geography.Area", verbose_name=_("location"), on_delete=models.PROTECT, related_name="+")
    description = models.TextField(_("description"), max_length=DESCRIPTION_MAX)
    address_detail = models.CharField(_("place"), max_length=250, blank=True)
    latitude = models.DecimalField(_("latitude"), max_digits=9, decimal_places=6, null=True, blank=True)
    longitude = models.DecimalField(_("longitude"), max_digits=9, decimal_places=6, null=True, blank=True)
    # The person: their contact, or nobody when anonymous.
    reporter_name = models.CharField(_("name"), max_length=200, blank=True)
    reporter_phone = models.CharField(_("phone"), max_length=20, blank=True)
    reporter_email = models.EmailField(_("email"), blank=True)
    reporter_group = models.CharField(
        _("raised by"), max_length=10, choices=ReporterGroup.choices, default=ReporterGroup.CITIZEN
    )
    anonymous = models.BooleanField(_("anonymous"), default=False)
    confidential = models.BooleanField(
        _("confidential"), default=False, help_text=_("Only the handling unit sees who raised it.")
    )
    forum = models.ForeignKey(
        Forum, verbose_name=_("forum"), null=True, blank=True, on_delete=models.PROTECT, related_name="concerns"
    )
    visit = models.ForeignKey(
        HouseholdVisit,
        verbose_name=_("household visit"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="concerns",
    )
    status = models.CharField(_("status"), max_length=12, choices=Status.choices, default=Status.RECEIVED)
    proposed_authority = models.ForeignKey(
        "organisations.Organisation",
        verbose_name=_("proposed authority"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    authority = models.ForeignKey(
        "organisations.Organisation",
        verbose_name=_("competent authority"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    routing_confirmed = models.BooleanField(_("routing confirmed"), default=False)
    escalation_level = models.PositiveSmallIntegerField(
        _("escalation level"), choices=Level.choices, default=Level.COMMUNE
    )
    escalated_to = models.ForeignKey(
        "organisations.Organisation",
        verbose_name=_("escalated to"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    received_at = models.DateTimeField(_("received"))
    acknowledged_at = models.DateTimeField(_("acknowledged"), null=True, blank=True)
    answered_at = models.DateTimeField(_("answered"), null=True, blank=True)
    closed_at = models.DateTimeField(_("closed"), null=True, blank=True)
    acknowledge_due = models.DateTimeField(_("acknowledge by"))
    resolve_due = models.DateTimeField(_("resolve by"))
    merged_into = models.ForeignKey(
        "self",
        verbose_name=_("merged into"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="merged",
        db_index=False,  # a partial index below: see voice_concern_merged
    )
    satisfied = models.BooleanField(_("satisfied"), null=True, blank=True)
    satisfaction_reason = models.TextField(_("why"), blank=True, max_length=1000)
    rated_at = models.DateTimeField(_("rated"), null=True, blank=True)
    # The Open311 token answered to a POST before the request has its id (tokens/{token}).
    token = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )

    area_code = models.CharField(max_length=8, editable=False, default="")
    province_code = models.CharField(max_length=2, editable=False, default="")
    district_code = models.CharField(max_length=4, editable=False, default="")
    authority_path = models.CharField(max_length=64, editable=False, default="", blank=True)
    escalated_path = models.CharField(max_length=64, editable=False, default="", blank=True)
    search_text = models.TextField(editable=False, default="")

    objects = ConcernQuerySet.as_manager()

    class Meta:
        ordering = ["-received_at", "-id"]
        verbose_name = _("concern")
        verbose_name_plural = _("concerns")
        indexes = [
            models.Index(fields=["province_code", "status", "-received_at", "-id"], name="voice_concern_prov_status"),
            models.Index(fields=["province_code", "-received_at", "-id"], name="voice_concern_prov_recv"),
            models.Index(fields=["area_code", "-received_at"], name="voice_concern_area"),
            models.Index(fields=["authority_path", "status"], name="voice_concern_authority"),
            models.Index(fields=["escalated_path"], name="voice_concern_escalated"),
            models.Index(fields=["status", "-received_at", "-id"], name="voice_concern_status_recv"),
            models.Index(fields=["-received_at", "-id"], name="voice_concern_recv"),
            # The deadline job reads the open concerns whose deadline has passed.
            models.Index(fields=["status", "acknowledge_due"], name="voice_concern_ack_due"),
            models.Index(fields=["status", "resolve_due"], name="voice_concern_resolve_due"),
            # Only the few merged duplicates are indexed: a full index on merged_into makes SQLite's
            # planner take "merged_into IS NULL" (nearly every row) for a selective condition and
            # scan that index instead of the province/status one.
            models.Index(fields=["merged_into"], condition=Q(merged_into__isnull=False), name="voice_concern_merged"),
        ]

    def __str__(self) -> str:
        return self.tracking_code

    @property
    def is_open(self) -> bool:
        return self.status in OPEN_STATUSES


class ConcernUpdate(FastChoicesModel):
    """One step in a concern's life: a transition, a routing, an escalation, a merge, a rating.
    `public_note` is what the citizen reads on /track; `internal_note` stays with staff."""

    class Kind(models.TextChoices):
        RECEIVED = "received", _("Received")
        TRANSITION = "transition", _("Status changed")
        ROUTED = "routed", _("Routed")
        ESCALATED = "escalated", _("Escalated")
        MERGED = "merged", _("Merged")
        REOPENED = "reopened", _("Reopened by the citizen")
        RATED = "rated", _("Rated by the citizen")
        NOTE = "note", _("Note")

    concern = models.ForeignKey(Concern, on_delete=models.CASCADE, related_name="updates")
    kind = models.CharField(max_length=12, choices=Kind.choices)
    from_status = models.CharField(max_length=12, choices=Status.choices, blank=True)
    to_status = models.CharField(max_length=12, choices=Status.choices, blank=True)
    public_note = models.TextField(_("answer to the citizen"), blank=True, max_length=NOTE_MAX)
    internal_note = models.TextField(_("internal note"), blank=True, max_length=NOTE_MAX)
    unit = models.ForeignKey(
        "organisations.Organisation", null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField(_("when"), auto_now_add=True)

    class Meta:
        ordering = ["created_at", "id"]
        indexes = [models.Index(fields=["concern", "created_at"], name="voice_update_concern")]

    def __str__(self) -> str:
        return f"{self.concern_id} {self.kind} {self.to_status}"


class Attachment(FastChoicesModel):
    """A photo (re-encoded) or PDF (verified) given with a concern."""

    concern = models.ForeignKey(Concern, on_delete=models.CASCADE, related_name="attachments")
    file = models.FileField(upload_to="voice/%Y/%m/")
    content_type = models.CharField(max_length=40)
    size = models.PositiveIntegerField()
    original_name = models.CharField(max_length=200, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    def __str__(self) -> str:
        return self.original_name or self.file.name


class Breach(models.TextChoices):
    ACKNOWLEDGE = "acknowledge", _("Not acknowledged in time")
    RESOLVE = "resolve", _("Not resolved in time")


class Escalation(FastChoicesModel):
    """A deadline breach sent one rung up. Unique per (concern, breach, level): the job never
    escalates twice for the same breach, however often it runs or restarts."""

    concern = models.ForeignKey(Concern, on_delete=models.CASCADE, related_name="escalations")
    breach = models.CharField(max_length=12, choices=Breach.choices)
    from_level = models.PositiveSmallIntegerField(choices=Level.choices)
    to_level = models.PositiveSmallIntegerField(choices=Level.choices)
    due_at = models.DateTimeField()
    from_unit = models.ForeignKey(
        "organisations.Organisation", null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    to_unit = models.ForeignKey(
        "organisations.Organisation", null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["created_at", "id"]
        constraints = [
            models.UniqueConstraint(fields=["concern", "breach", "from_level"], name="voice_escalation_once")
        ]

    def __str__(self) -> str:
        return f"{self.concern_id} {self.breach} {self.from_level}->{self.to_level}"


class ActionKind(models.TextChoices):
    """What the directive lets the national working group do: support and urge, never decide."""

    URGE = "urge", _("Urge the unit to act")
    REQUEST_INFORMATION = "request_information", _("Request information")
    MONITOR = "monitor", _("Monitor")
    MOBILISE = "mobilise", _("Mobilise partner resources")


class WorkingGroupAction(FastChoicesModel):
    concern = models.ForeignKey(Concern, on_delete=models.CASCADE, related_name="actions")
    unit = models.ForeignKey(
        "organisations.Organisation", verbose_name=_("unit"), on_delete=models.PROTECT, related_name="+"
    )
    kind = models.CharField(_("action"), max_length=20, choices=ActionKind.choices)
    partner = models.ForeignKey(
        "organisations.Organisation",
        verbose_name=_("partner"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    note = models.TextField(_("note"), max_length=NOTE_MAX)
    author = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["created_at", "id"]
        verbose_name = _("working group action")
        verbose_name_plural = _("working group actions")

    def __str__(self) -> str:
        return f"{self.kind} {self.concern_id}"


class Notification(FastChoicesModel):
    """A message to a unit about a concern (routed to it, escalated to or from it, urged)."""

    class Kind(models.TextChoices):
        ROUTED = "routed", _("A concern was routed to your unit")
        ESCALATED_TO = "escalated_to", _("A stalled concern was escalated to your unit")
        ESCALATED_FROM = "escalated_from", _("A concern your unit handles was escalated for a missed deadline")
        ACTION = "action", _("The national working group acted on a concern of your unit")
        REOPENED = "reopened", _("A citizen reopened a concern")

    unit = models.ForeignKey("organisations.Organisation", on_delete=models.CASCADE, related_name="+")
    unit_path = models.CharField(max_length=64, editable=False, default="")
    concern = models.ForeignKey(Concern, on_delete=models.CASCADE, related_name="notifications")
    kind = models.CharField(max_length=16, choices=Kind.choices)
    created_at = models.DateTimeField(auto_now_add=True)
    read_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at", "-id"]
        indexes = [models.Index(fields=["unit_path", "-created_at"], name="voice_notification_unit")]

    def __str__(self) -> str:
        return f"{self.kind} {self.concern_id} -> {self.unit_id}"


class ApiKey(FastChoicesModel):
    """An Open311 API key (`manage.py open311_key NAME`); only its hash is kept."""

    name = models.CharField(max_length=100)
    prefix = models.CharField(max_length=8, db_index=True)
    key_hash = models.CharField(max_length=64, unique=True)
    created_at = models.DateTimeField(auto_now_add=True)
    revoked_at = models.DateTimeField(null=True, blank=True)
    last_used_at = models.DateTimeField(null=True, blank=True)

    def __str__(self) -> str:
        return f"{self.name} ({self.prefix}…)"


class VoiceTally(FastChoicesModel):
    """Kept counts behind the dashboards (see voice.rollups): one row per area key (a province,
    district or commune code), year of receipt and dimension ("status:land:resolved",
    "channel:web", "resolve_days:12", ...), so a dashboard reads a few hundred rows."""

    area_key = models.CharField(max_length=8)
    year = models.PositiveSmallIntegerField()
    dimension = models.CharField(max_length=60)
    value = models.BigIntegerField(default=0)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["area_key", "year", "dimension"], name="voice_tally_unique")]

    def __str__(self) -> str:
        return f"{self.area_key}/{self.year}/{self.dimension}={self.value}"


AUDITED = (Category, RoutingRule, Mission, Forum, HouseholdVisit, Concern, WorkingGroupAction, ApiKey)
