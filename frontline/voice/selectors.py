"""Reads of the citizens' voice pages for staff. Every read starts from `visible_to(user)`.

The concern list is one indexed table (the scoping columns are copied onto each concern), in
the order (-received_at, -id) which the indexes serve, 50 rows a page. Its total comes from
the kept tallies (VoiceTally) when the filters are ones the tallies answer and the user's
scope is a whole area; otherwise from a count capped at COUNT_CAP rows, so a page never
counts half a million rows.
"""

from dataclasses import dataclass, field

from django.db.models import Q, QuerySet, Sum
from django.http import Http404

from frontline.accounts.policies import annotate_can
from frontline.accounts.roles import Perm
from frontline.accounts.scoping import grants, scope_q
from frontline.core.search import fulltext_filter
from frontline.geography.codes import is_valid_code, subtree_q
from frontline.geography.models import Area, Level

from .models import (
    Attachment,
    Concern,
    ConcernUpdate,
    Forum,
    HouseholdVisit,
    Mission,
    Notification,
    VoiceTally,
    shows_person,
)

PAGE_SIZE = 50
COUNT_CAP = 10_000
# A word search counts less far: a common word matches tens of thousands of descriptions, and
# whoever searches reads the first pages, not the total.
SEARCH_COUNT_CAP = 1_000


@dataclass
class ConcernFilters:
    province: str = ""
    district: str = ""
    commune: str = ""
    status: str = ""
    category: str = ""
    channel: str = ""
    query: str = ""

    @property
    def area(self) -> str:
        """The narrowest area named (commune, else district, else province), '' for none."""
        for code in (self.commune, self.district, self.province):
            if code:
                return code
        return ""


def clean_filters(params, *, statuses, categories, channels) -> ConcernFilters:
    """The list's filters from the query string; anything malformed is ignored."""

    def code(name: str, length: int) -> str:
        value = params.get(name, "")
        return value if len(value) == length and is_valid_code(value) else ""

    filters = ConcernFilters(
        province=code("province", 2),
        district=code("district", 4),
        commune=code("commune", 6),
        status=params.get("status", "") if params.get("status", "") in statuses else "",
        category=params.get("category", "") if params.get("category", "") in categories else "",
        channel=params.get("channel", "") if params.get("channel", "") in channels else "",
        query=params.get("q", "").strip()[:100],
    )
    # A district or commune outside the chosen province (or district) is dropped.
    if filters.district and filters.province and not filters.district.startswith(filters.province):
        filters.district = ""
    if filters.commune and not filters.commune.startswith(filters.district or filters.province or filters.commune):
        filters.commune = ""
    return filters


def concern_list(*, user, filters: ConcernFilters, perm: Perm = Perm.VOICE_VIEW) -> QuerySet:
    concerns = Concern.objects.visible_to(user, perm=perm).filter(merged_into__isnull=True)
    area = filters.area
    if len(area) == 2:
        concerns = concerns.filter(province_code=area)
    elif area:
        concerns = concerns.filter(subtree_q("area_code", area))
    if filters.status:
        concerns = concerns.filter(status=filters.status)
    if filters.category:
        concerns = concerns.filter(category__code=filters.category)
    if filters.channel:
        concerns = concerns.filter(channel=filters.channel)
    if filters.query:
        concerns = fulltext_filter(concerns, filters.query, index="voice_concern_fts", vector_column="search_vector")
    return concerns.select_related("category", "area", "authority").order_by("-received_at", "-id")


def _area_only_reach(user, perm: Perm) -> list[str] | None:
    """The area prefixes the user reaches concerns through ('' = the nation), when every one of
    their grants is by area alone; None when a grant is by organisation (then the tallies,
    which are kept by area, cannot tell what they see)."""
    prefixes = []
    for grant in grants(user, perm):
        if grant.is_national:
            return [""]
        if grant.org_path is not None:
            return None
        prefixes.append(grant.area_prefix)
    return prefixes


def tally_area_for(user, area: str, perm: Perm = Perm.VOICE_VIEW) -> str | None:
    """The area whose kept tallies are exactly what `user` sees of `area` ('' for the nation),
    or None when the tallies cannot answer (organisation grants, several areas)."""
    reach = _area_only_reach(user, perm)
    if not reach:
        return None
    if area:
        return area if any(area.startswith(prefix) for prefix in reach) else None
    return reach[0] if len(reach) == 1 else None


def tally_filter(area_key: str) -> Q:
    """The tallies of one area, or of the nation (the sum over the province keys)."""
    if area_key:
        return Q(area_key=area_key)
    provinces = Area.objects.filter(level=Level.PROVINCE).values("code")
    return Q(area_key__in=provinces)


def concern_total(*, user, filters: ConcernFilters, concerns: QuerySet) -> tuple[int, bool]:
    """(how many concerns the list holds, whether that is a lower bound)."""
    if not (filters.channel or filters.query):
        area_key = tally_area_for(user, filters.area)
        if area_key is not None:
            dimension = Q(dimension__startswith=f"status:{filters.category}:" if filters.category else "status:")
            if filters.status:
                dimension &= Q(dimension__endswith=f":{filters.status}")
            total = VoiceTally.objects.filter(tally_filter(area_key), dimension).aggregate(n=Sum("value"))["n"]
            return total or 0, False
    cap = SEARCH_COUNT_CAP if filters.query else COUNT_CAP
    counted = concerns.order_by()[: cap + 1].count()
    return min(counted, cap), counted > cap


@dataclass
class ConcernPage:
    """One page of the list: fetches a row more than it shows to know whether another follows."""

    items: list
    number: int
    total: int
    capped: bool
    has_next: bool = False
    page_size: int = PAGE_SIZE
    extra: dict = field(default_factory=dict)

    @property
    def has_previous(self) -> bool:
        return self.number > 1

    @property
    def previous_page_number(self) -> int:
        return self.number - 1

    @property
    def next_page_number(self) -> int:
        return self.number + 1

    @property
    def num_pages(self) -> int:
        return max(1, -(-self.total // self.page_size))

    def __iter__(self):
        return iter(self.items)

    def __len__(self) -> int:
        return len(self.items)


# The columns a row of the list shows: a concern has a dozen timestamps the list never reads, and
# converting each one on 50 rows was a tenth of the page's time.
LIST_COLUMNS = (
    "id",
    "tracking_code",
    "status",
    "channel",
    "received_at",
    "description",
    "escalated_to_id",
    "category__code",
    "category__name_km",
    "category__name_en",
    "area__code",
    "area__name_km",
    "area__name_en",
    "authority__name_km",
    "authority__name_en",
)


def concern_page(*, user, filters: ConcernFilters, number: int) -> ConcernPage:
    concerns = concern_list(user=user, filters=filters).only(*LIST_COLUMNS)
    total, capped = concern_total(user=user, filters=filters, concerns=concerns)
    number = max(1, min(number, 10_000))
    start = (number - 1) * PAGE_SIZE
    rows = list(concerns[start : start + PAGE_SIZE + 1])
    return ConcernPage(
        items=rows[:PAGE_SIZE], number=number, total=total, capped=capped, has_next=len(rows) > PAGE_SIZE
    )


def concern_get(*, user, pk: int, perm: Perm = Perm.VOICE_VIEW, permissions: dict[str, Perm] | None = None) -> Concern:
    """The concern with what its page names: category, place (up to the province), authorities.
    A forum, visit or merged-into concern is read only when the concern has one (most have
    none): joining them every time costs more to plan than the rare extra query. `permissions`
    names flags to read with it (see annotate_can)."""
    concerns = Concern.objects.visible_to(user, perm=perm).select_related(
        "category", "area__parent__parent", "authority", "proposed_authority", "escalated_to"
    )
    if permissions:
        concerns = annotate_can(concerns, user, **permissions)
    try:
        return concerns.get(pk=pk)
    except Concern.DoesNotExist:
        raise Http404 from None


def persons_hidden_from(user, keys: set[str]) -> set[str]:
    """Of these concern keys (text, as the audit log stores them), those whose person `user` may
    not see: confidential concerns their unit does not handle, and keys of no concern (nobody
    can tell who handled a deleted one). `user` None handles nothing. The audit pages redact
    these concerns' PERSON_FIELDS (registered in VoiceConfig.ready)."""
    wanted = {int(key) for key in keys if key.isascii() and key.isdigit() and len(key) < 19}
    found = {
        str(concern.pk): concern
        for concern in Concern.objects.filter(pk__in=wanted).only("pk", "confidential", "authority_path")
    }
    return {key for key in keys if key not in found or not shows_person(user, found[key])}


def _family_ids(concern: Concern):
    """The concern and the duplicates merged into it, as a subquery. Written as an IN over the
    concern table (not an OR across the join), so both databases use the pk and merged_into
    indexes instead of joining the whole update table (2 s at 500,000 concerns on PostgreSQL)."""
    return Concern.objects.filter(Q(pk=concern.pk) | Q(merged_into=concern.pk)).values("pk")


def concern_timeline(concern: Concern, duplicates: list[Concern]) -> list[ConcernUpdate]:
    """Every step of the concern and of the duplicates merged into it, in order."""
    family = {concern.pk: concern} | {duplicate.pk: duplicate for duplicate in duplicates}
    updates = list(
        ConcernUpdate.objects.filter(concern_id__in=list(family))
        .select_related("author", "unit")
        .order_by("created_at", "id")
    )
    for update in updates:
        update.concern = family[update.concern_id]
    return updates


def concern_duplicates(concern: Concern) -> list[Concern]:
    return list(concern.merged.order_by("received_at", "id"))


def concern_attachments(concern: Concern, duplicates: list[Concern]) -> list[Attachment]:
    family = [concern.pk, *(duplicate.pk for duplicate in duplicates)]
    return list(Attachment.objects.filter(concern_id__in=family).order_by("created_at", "id"))


def attachment_get(*, user, concern_pk: int, pk: int) -> Attachment:
    concern = concern_get(user=user, pk=concern_pk)
    attachment = Attachment.objects.filter(concern__in=_family_ids(concern), pk=pk).first()
    if attachment is None:
        raise Http404
    return attachment


# Forums, visits, missions ------------------------------------------------------------------


def forum_list(*, user, province: str = "", year: int | None = None) -> QuerySet:
    forums = Forum.objects.visible_to(user).select_related("area", "organiser", "mission")
    if province:
        forums = forums.filter(province_code=province)
    if year:
        forums = forums.filter(held_on__year=year)
    return forums.order_by("-held_on", "-id")


def visit_list(*, user, province: str = "", year: int | None = None) -> QuerySet:
    visits = HouseholdVisit.objects.visible_to(user).select_related("area", "organiser", "mission")
    if province:
        visits = visits.filter(province_code=province)
    if year:
        visits = visits.filter(visited_on__year=year)
    return visits.order_by("-visited_on", "-id")


def mission_list(*, user, province: str = "") -> QuerySet:
    missions = Mission.objects.visible_to(user).select_related("area", "organiser")
    if province:
        missions = missions.filter(province_code=province)
    return missions.order_by("-start_date", "-id")


def _get(queryset: QuerySet, pk: int):
    record = queryset.filter(pk=pk).first()
    if record is None:
        raise Http404
    return record


def forum_get(*, user, pk: int, perm: Perm = Perm.VOICE_VIEW) -> Forum:
    return _get(Forum.objects.visible_to(user, perm=perm).select_related("area", "organiser", "mission"), pk)


def visit_get(*, user, pk: int, perm: Perm = Perm.VOICE_VIEW) -> HouseholdVisit:
    return _get(HouseholdVisit.objects.visible_to(user, perm=perm).select_related("area", "organiser", "mission"), pk)


def mission_get(*, user, pk: int, perm: Perm = Perm.VOICE_VIEW) -> Mission:
    return _get(Mission.objects.visible_to(user, perm=perm).select_related("area", "organiser"), pk)


def heard_concerns(*, user, **source) -> list[Concern]:
    """The concerns heard at one forum or visit that the user may see."""
    return list(
        Concern.objects.visible_to(user)
        .filter(**source)
        .select_related("category", "area", "authority")
        .order_by("-received_at", "-id")[:200]
    )


# Notifications -----------------------------------------------------------------------------


def notification_scope(user) -> Q | None:
    """The units whose notifications the user reads: organisation grants reach their units;
    area grants reach the units tied to an area inside theirs (its administration, its
    provincial departments); a national grant reaches everything."""
    return scope_q(user, Perm.VOICE_VIEW, area_field="unit__area_code", org_field="unit_path")


def notifications(*, user, unread_only: bool = False) -> QuerySet:
    condition = notification_scope(user)
    if condition is None:
        return Notification.objects.none()
    found = Notification.objects.filter(condition)
    if unread_only:
        found = found.filter(read_at__isnull=True)
    return found.select_related("unit", "concern", "concern__category").order_by("-created_at", "-id")
