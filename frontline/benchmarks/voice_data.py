"""Citizens' voice at national scale: 500,000 concerns over three years in every village of the
gazetteer, with their updates, escalations up the ladder and working group actions, a few
thousand public forums (some held during national working group missions), household visits,
and the kept tallies rebuilt from them.

The rows go in through the bulk path of the officials (national._insert); every derived column
is filled as the services fill it: scoping codes and paths, deadlines from the category, and
the search column exactly as intake computes it (search_document + stems). Khmer descriptions
are composed from a vocabulary of real phrases, each segmented once, so that a Khmer search has
the selectivity it would have in real use. A concern's life follows the services' rules: the
deadline job escalates one rung when a deadline passes and gives the new unit a fresh period.
"""

import bisect
import datetime
import random
import time
import uuid
from collections import Counter, defaultdict
from types import SimpleNamespace

from django.conf import settings
from django.db import connection, transaction

from frontline.accounts.models import User
from frontline.core.text import KHMER_PREFIXES, tokens
from frontline.geography.gazetteer import gazetteer_load
from frontline.geography.models import Area
from frontline.organisations.models import Organisation, OrgKind
from frontline.organisations.services import organisation_create
from frontline.people.models import Sex
from frontline.voice.models import (
    ActionKind,
    Breach,
    Category,
    Channel,
    Concern,
    ConcernUpdate,
    Escalation,
    Forum,
    ForumLevel,
    HouseholdVisit,
    Level,
    Mission,
    ReporterGroup,
    Status,
    VoiceTally,
    WorkingGroupAction,
)
from frontline.voice.rollups import _area_keys, add_rows, concern_counts, forum_counts, rebuild_tallies
from frontline.voice.services.intake import TRACKING_ALPHABET

from .national import FAMILY, GENERATED_PREFIX, GIVEN, _create_organisations, _insert

SEED = 2023
GENERATOR = "bench-voice"  # the account named as creator of every generated concern (the marker)
MISSION_PREFIX = "Generated mission"
PARTNER_CODE = GENERATED_PREFIX + "partner-undp"
NOW = datetime.datetime(2026, 11, 24, 8, 0, tzinfo=datetime.UTC)
START = NOW - datetime.timedelta(days=3 * 365)
FORUMS = 3_000

CONCERN_COLUMNS = [
    "id", "created_at", "updated_at", "tracking_code", "channel", "category_id", "area_id", "description",
    "address_detail", "latitude", "longitude", "reporter_name", "reporter_phone", "reporter_email",
    "reporter_group", "anonymous", "confidential", "forum_id", "visit_id", "status", "proposed_authority_id",
    "authority_id", "routing_confirmed", "escalation_level", "escalated_to_id", "received_at", "acknowledged_at",
    "answered_at", "closed_at", "acknowledge_due", "resolve_due", "merged_into_id", "satisfied",
    "satisfaction_reason", "rated_at", "token", "created_by_id", "area_code", "province_code", "district_code",
    "authority_path", "escalated_path", "search_text",
]  # fmt: skip
UPDATE_COLUMNS = [
    "concern_id", "kind", "from_status", "to_status", "public_note", "internal_note", "unit_id", "author_id",
    "created_at",
]  # fmt: skip
ESCALATION_COLUMNS = [
    "concern_id", "breach", "from_level", "to_level", "due_at", "from_unit_id", "to_unit_id", "created_at",
]  # fmt: skip
ACTION_COLUMNS = ["concern_id", "unit_id", "kind", "partner_id", "note", "author_id", "created_at"]
FORUM_COLUMNS = [
    "id", "created_at", "updated_at", "mission_id", "level", "area_id", "held_on", "venue", "organiser_id",
    "organisers_note", "attendance_female", "attendance_male", "attendance_youth", "attendance_indigenous",
    "attendance_disability", "agenda", "minutes", "area_code", "province_code", "organiser_path",
]  # fmt: skip
VISIT_COLUMNS = [
    "id", "created_at", "updated_at", "mission_id", "team", "organiser_id", "area_id", "visited_on", "household",
    "notes", "area_code", "province_code", "organiser_path",
]  # fmt: skip
MISSION_COLUMNS = [
    "id", "created_at", "updated_at", "title_km", "title_en", "organiser_id", "area_id", "start_date", "end_date",
    "members", "purpose", "area_code", "province_code", "organiser_path",
]  # fmt: skip

# What people say, by category: real Khmer phrases about roads, water, land, schools, health
# centres, birth certificates... A description is one of these, a detail and a request.
ISSUES = {
    "roads": [
        "ផ្លូវលំក្នុងភូមិខូចខាតធ្ងន់ធ្ងរ",
        "ផ្លូវបេតុងមានរណ្តៅច្រើន",
        "ស្ពានឈើឆ្លងអូរជិតបាក់",
        "ផ្លូវជាំទឹកពេលភ្លៀងធ្លាក់",
        "លូបង្ហូរទឹកតាមផ្លូវស្ទះ",
    ],
    "water": [
        "អណ្តូងទឹកក្នុងភូមិខូច",
        "ប្រជាពលរដ្ឋខ្វះទឹកស្អាតប្រើប្រាស់",
        "ទឹកម៉ាស៊ីនដាច់ញឹកញាប់",
        "ស្រះទឹកសហគមន៍រីងស្ងួតនៅរដូវប្រាំង",
        "ប្រឡាយទឹកស្រោចស្រពខូច",
    ],
    "land": [
        "ជម្លោះដីធ្លីរវាងគ្រួសារពីរ",
        "សុំចុះបញ្ជីដីធ្លីមានលក្ខណៈជាប្រព័ន្ធ",
        "ក្រុមហ៊ុនរំលោភដីស្រែរបស់ប្រជាពលរដ្ឋ",
        "ការវាស់វែងព្រំដីមិនត្រឹមត្រូវ",
        "សុំប្លង់កម្មសិទ្ធិដី",
    ],
    "health": [
        "មណ្ឌលសុខភាពខ្វះគ្រូពេទ្យ",
        "មណ្ឌលសុខភាពបិទទ្វារពេលយប់",
        "ខ្វះថ្នាំពេទ្យនៅមណ្ឌលសុខភាព",
        "រថយន្តសង្គ្រោះបន្ទាន់មកយឺត",
    ],
    "education": [
        "សាលាបឋមសិក្សាខ្វះគ្រូបង្រៀន",
        "ដំបូលសាលារៀនលេចទឹក",
        "សិស្សត្រូវបង់លុយបន្ថែមឱ្យគ្រូ",
        "សាលារៀននៅឆ្ងាយពីភូមិ",
    ],
    "social-protection": [
        "គ្រួសារក្រីក្រមិនទាន់ទទួលបានប័ណ្ណសមធម៌",
        "សុំជំនួយសម្រាប់ជនមានពិការភាព",
        "ប្រាក់ឧបត្ថម្ភស្ត្រីមានផ្ទៃពោះមិនទាន់ទទួលបាន",
        "សុំជំនួយសម្រាប់មនុស្សចាស់គ្មានទីពឹង",
    ],
    "civil-registration": [
        "សុំសំបុត្រកំណើតឱ្យកូន",
        "ការចេញសំបុត្រកំណើតយឺតយ៉ាវ",
        "សុំកែឈ្មោះក្នុងសៀវភៅគ្រួសារ",
        "សុំអត្តសញ្ញាណប័ណ្ណសញ្ជាតិខ្មែរ",
        "សុំលិខិតបញ្ជាក់ស្ថានភាពគ្រួសារ",
    ],
    "integrity": [
        "មន្ត្រីទារប្រាក់ក្រៅផ្លូវការ",
        "ការយកថ្លៃសេវាលើសតារាងតម្លៃ",
        "ការប្រើប្រាស់ថវិកាឃុំមិនមានតម្លាភាព",
    ],
    "public-services": [
        "អំពូលភ្លើងបំភ្លឺផ្លូវមិនដំណើរការ",
        "សំរាមមិនត្រូវបានប្រមូល",
        "ការិយាល័យច្រកចេញចូលតែមួយបម្រើសេវាយឺត",
        "សុំលិខិតអនុញ្ញាតសាងសង់ផ្ទះ",
    ],
    "other": [
        "សំឡេងរំខានពីរោងចក្រនៅពេលយប់",
        "សត្វគោក្របីបំផ្លាញដំណាំ",
        "បញ្ហាសន្តិសុខក្នុងភូមិ",
    ],
}
DETAILS = [
    "អស់រយៈពេលជាងពីរខែហើយ",
    "ប៉ះពាល់ដល់គ្រួសារជាច្រើន",
    "កុមារ និងមនុស្សចាស់ពិបាកធ្វើដំណើរ",
    "បានរាយការណ៍ទៅមេភូមិរួចហើយ",
    "ជាពិសេសក្នុងរដូវវស្សា",
    "ប្រជាពលរដ្ឋមានការព្រួយបារម្ភខ្លាំង",
    "",
]
REQUESTS = [
    "សូមអាជ្ញាធរជួយដោះស្រាយជាបន្ទាន់។",
    "សូមជួយពិនិត្យ និងដោះស្រាយ។",
    "សូមរដ្ឋបាលឃុំចុះមកពិនិត្យ។",
    "សូមផ្តល់ដំណោះស្រាយឱ្យបានឆាប់។",
]
PLACES = ["", "", "", "ជិតវត្ត", "ជិតសាលារៀន", "មុខផ្សារ", "ក្បែរមណ្ឌលសុខភាព", "ចុងភូមិ"]
# Share of concerns by category and by channel (forum and visit concerns come with their forum or visit).
CATEGORY_WEIGHTS = {
    "land": 14, "roads": 16, "water": 13, "health": 9, "education": 8, "social-protection": 10,
    "civil-registration": 12, "integrity": 4, "public-services": 9, "other": 5,
}  # fmt: skip
CHANNEL_WEIGHTS = {
    Channel.FORUM: 12, Channel.VISIT: 8, Channel.OWSO: 32, Channel.HOTLINE: 15, Channel.WEB: 28, Channel.API: 5,
}  # fmt: skip
OPEN_WEIGHTS = {Status.ACKNOWLEDGED: 15, Status.ASSIGNED: 15, Status.IN_PROGRESS: 60, Status.REOPENED: 3}
ANSWER_WEIGHTS = {Status.RESOLVED: 68, Status.REFERRED: 12, Status.NOT_SOLVABLE: 8}
ANSWERS = {
    Status.RESOLVED: "រដ្ឋបាលបានចុះពិនិត្យ និងដោះស្រាយរួចរាល់ហើយ។ សូមអរគុណចំពោះការចូលរួម។",
    Status.REFERRED: "បញ្ហានេះស្ថិតក្នុងសមត្ថកិច្ចរបស់មន្ទីរជំនាញខេត្ត ហើយត្រូវបានបញ្ជូនទៅមន្ទីរនោះ។",
    Status.NOT_SOLVABLE: "តាមច្បាប់ជាធរមាន សំណើនេះមិនអាចដោះស្រាយបានទេ។ រដ្ឋបាលនឹងរាយការណ៍ជូនរាជរដ្ឋាភិបាល។",
    Status.CLOSED: "ករណីនេះត្រូវបានបិទ។",
}
STEP_NOTES = {
    Status.ACKNOWLEDGED: "បានទទួល និងកំពុងពិនិត្យ។",
    Status.ASSIGNED: "បានប្រគល់ឱ្យមន្ត្រីទទួលបន្ទុក។",
    Status.IN_PROGRESS: "មន្ត្រីបានចុះទៅទីតាំងហើយ។",
}
RECEIVED_NOTE = "ការព្រួយបារម្ភរបស់អ្នកត្រូវបានទទួល។"
ESCALATED_NOTE = "ហួសកាលកំណត់៖ បានបញ្ជូនទៅថ្នាក់លើ។"
REOPEN_NOTE = "បញ្ហានៅតែមិនទាន់បានដោះស្រាយ។"
UNSATISFIED = ["ការដោះស្រាយយឺតពេក", "បញ្ហាមិនទាន់ដោះស្រាយពិតប្រាកដ", "មិនបានទទួលព័ត៌មានគ្រប់គ្រាន់"]
ACTION_NOTES = {
    ActionKind.URGE: "ក្រុមការងារថ្នាក់ជាតិជំរុញឱ្យអង្គភាពដោះស្រាយជាបន្ទាន់។",
    ActionKind.REQUEST_INFORMATION: "ស្នើសុំរបាយការណ៍អំពីវឌ្ឍនភាពនៃការដោះស្រាយ។",
    ActionKind.MONITOR: "តាមដានការដោះស្រាយជាប្រចាំខែ។",
    ActionKind.MOBILISE: "កៀរគរធនធានពីដៃគូអភិវឌ្ឍន៍ដើម្បីគាំទ្រ។",
}
VENUES = ["សាលាឃុំ", "សាលាស្រុក", "សាលាខេត្ត", "វត្ត", "សាលារៀនបឋមសិក្សា", "មណ្ឌលសុខភាព"]
# Provinces where many indigenous people live (forums count them).
HIGHLANDS = {"11", "16", "19", "10", "13"}


def _concerns_by_generator():
    return Concern.objects.filter(created_by__username=GENERATOR)


def generated_concerns() -> int:
    return _concerns_by_generator().count()


def _sqlite_triggers(raw, table: str, like: str) -> list[tuple[str, str]]:
    return list(
        raw.execute(
            "SELECT name, sql FROM sqlite_master WHERE type = 'trigger' AND tbl_name = ? AND name LIKE ?",
            [table, like],
        ).fetchall()
    )


def _large_cache() -> None:
    """SQLite: a page cache of up to 2 GB for this connection, so that building and trimming the
    indexes of millions of rows does not read the same pages from disk again and again."""
    if connection.vendor == "sqlite":
        with connection.cursor() as cursor:
            cursor.execute("PRAGMA cache_size = -2000000")


def _rebuild_fts(raw) -> None:
    raw.execute("INSERT INTO voice_concern_fts(voice_concern_fts) VALUES ('rebuild')")


def wipe_voice() -> None:
    """Remove the generated voice data (concerns, forums, visits, missions) and rebuild the tallies."""
    generator = User.objects.filter(username=GENERATOR).first()
    _large_cache()
    with transaction.atomic():
        if generator is not None:
            ids = f"SELECT id FROM voice_concern WHERE created_by_id = {int(generator.pk)}"  # noqa: S608
            with connection.cursor() as cursor:
                for table in (
                    "voice_concernupdate",
                    "voice_escalation",
                    "voice_workinggroupaction",
                    "voice_notification",
                    "voice_attachment",
                ):
                    cursor.execute(f"DELETE FROM {table} WHERE concern_id IN ({ids})")  # noqa: S608
                cursor.execute(f"UPDATE voice_concern SET merged_into_id = NULL WHERE id IN ({ids})")  # noqa: S608
                if connection.vendor == "sqlite":
                    raw = connection.connection
                    triggers = _sqlite_triggers(raw, "voice_concern", "%fts_delete")
                    for name, _sql in triggers:
                        raw.execute(f'DROP TRIGGER "{name}"')
                    raw.execute("DELETE FROM voice_concern WHERE created_by_id = ?", [generator.pk])
                    for _name, sql in triggers:
                        raw.execute(sql)
                    _rebuild_fts(raw)
                else:
                    cursor.execute("DELETE FROM voice_concern WHERE created_by_id = %s", [generator.pk])
        generated = Organisation.objects.filter(code__startswith=GENERATED_PREFIX)
        HouseholdVisit.objects.filter(organiser__in=generated).delete()
        Forum.objects.filter(organiser__in=generated).delete()
        Forum.objects.filter(mission__title_en__startswith=MISSION_PREFIX).delete()
        HouseholdVisit.objects.filter(mission__title_en__startswith=MISSION_PREFIX).delete()
        Mission.objects.filter(title_en__startswith=MISSION_PREFIX).delete()
    rebuild_tallies()


class _Texts:
    """Descriptions and their search columns: each phrase segmented once, then composed exactly
    as search_document(description, address_detail) + stems(description) would be."""

    def __init__(self):
        self.phrase_tokens: dict[str, list[str]] = {}
        self.cache: dict[tuple, tuple[str, str]] = {}

    def _tokens(self, phrase: str) -> list[str]:
        if phrase not in self.phrase_tokens:
            self.phrase_tokens[phrase] = tokens(phrase)
        return self.phrase_tokens[phrase]

    def of(self, phrases: tuple[str, ...], place: str) -> tuple[str, str]:
        key = (phrases, place)
        if key in self.cache:
            return self.cache[key]
        kept = [phrase for phrase in phrases if phrase]
        description = " ".join(kept)
        words: list[str] = []
        # tokens() splits on spaces first, so the description's tokens are its phrases' in order.
        described = [token for phrase in kept for token in self._tokens(phrase)]
        for part in (described, self._tokens(place)):
            words.extend(part)
            if len(part) > 1:
                words.append("".join(part))
        document = " " + " ".join(words) + " " if words else ""
        stem_words: list[str] = []
        for token in described:
            for prefix in KHMER_PREFIXES:
                stem = token[len(prefix) :]
                if token.startswith(prefix) and len(stem) > 1 and "\u1780" <= stem[0] <= "\u17b3":
                    stem_words.append(stem)
                    break
        document += " ".join(dict.fromkeys(stem_words)) + " " if stem_words else ""
        self.cache[key] = (description, document)
        return self.cache[key]


class _Places:
    """The villages of the gazetteer, findable by the prefix of an area code."""

    def __init__(self):
        self.villages = list(Area.objects.filter(level="village").order_by("code").values_list("code", flat=True))
        self.communes = list(Area.objects.filter(level="commune").order_by("code").values_list("code", flat=True))
        self.districts = list(Area.objects.filter(level="district").order_by("code").values_list("code", flat=True))
        self.provinces = list(Area.objects.filter(level="province").order_by("code").values_list("code", flat=True))

    def village_in(self, prefix: str, pick) -> str:
        low = bisect.bisect_left(self.villages, prefix)
        high = bisect.bisect_left(self.villages, prefix + "\uffff")
        return self.villages[low + pick(high - low)] if high > low else self.villages[pick(len(self.villages))]


class _Units:
    """Who stands on each rung for a place: the generated administrations (created with the
    national data set when missing), the provincial departments, the ministries and the
    national working group."""

    def __init__(self):
        if not Organisation.objects.filter(code__startswith=GENERATED_PREFIX + "admin-").exists():
            _create_organisations()
        self.admin: dict[str, tuple[int, str]] = {}
        rows = Organisation.objects.filter(code__startswith=GENERATED_PREFIX).values_list(
            "code", "pk", "path", "area_code"
        )
        self.department: dict[str, tuple[int, str]] = {}
        self.ministries: list[tuple[int, str]] = []
        for code, pk, path, area_code in rows:
            name = code[len(GENERATED_PREFIX) :]
            if name.startswith("admin-"):
                self.admin[area_code] = (pk, path)
            elif name.startswith("ministry-3-") and area_code:  # the health departments
                self.department[area_code] = (pk, path)
            elif name.startswith("ministry-") and name.count("-") == 1:
                self.ministries.append((pk, path))
        self.ministries.sort()
        group = Organisation.objects.filter(code=settings.VOICE_WORKING_GROUP_CODE).first()
        if group is None:
            group = organisation_create(
                acting_user=None,
                code=settings.VOICE_WORKING_GROUP_CODE,
                kind=OrgKind.INSTITUTION,
                name_km="ក្រុមការងារថ្នាក់ជាតិគាំទ្ររដ្ឋបាលថ្នាក់ក្រោមជាតិ",
                name_en="National Working Group supporting Sub-National Administrations",
            )
        self.group = (group.pk, group.path)
        partner = Organisation.objects.filter(code=PARTNER_CODE).first()
        if partner is None:
            partner = organisation_create(
                acting_user=None,
                code=PARTNER_CODE,
                kind=OrgKind.PARTNER,
                name_km="កម្មវិធីអភិវឌ្ឍន៍សហប្រជាជាតិ",
                name_en="United Nations Development Programme",
            )
        self.partner = partner.pk

    def administration(self, area_code: str) -> tuple[int, str] | None:
        for length in (6, 4, 2):
            if area_code[:length] in self.admin:
                return self.admin[area_code[:length]]
        return None

    def ladder(self, area_code: str, ministry) -> dict[int, tuple[int, str] | None]:
        return {
            Level.COMMUNE: self.admin.get(area_code[:6]),
            Level.DISTRICT: self.admin.get(area_code[:4]),
            Level.PROVINCE: self.admin.get(area_code[:2]),
            Level.MINISTRY: ministry,
            Level.NATIONAL_WORKING_GROUP: self.group,
        }


def _categories(units: _Units) -> dict[str, tuple[Category, tuple[int, str] | None]]:
    """The seeded categories, each given a generated ministry to escalate to when it has none."""
    result = {}
    ministry_paths = dict(Organisation.objects.filter(kind=OrgKind.MINISTRY).values_list("pk", "path"))
    for index, category in enumerate(Category.objects.order_by("sort_order", "code")):
        if category.ministry_id is None and units.ministries:
            category.ministry_id = units.ministries[index % len(units.ministries)][0]
            category.save(update_fields=["ministry"])
        ministry = (category.ministry_id, ministry_paths[category.ministry_id]) if category.ministry_id else None
        result[category.code] = (category, ministry)
    return result


def _next_ids(*models) -> list[int]:
    return [(model.objects.order_by("-id").values_list("id", flat=True).first() or 0) + 1 for model in models]


class _Writer:
    """Datetimes and dates as each database takes them in bulk (text for SQLite)."""

    def __init__(self):
        self.text = connection.vendor != "postgresql"

    def at(self, value: datetime.datetime | None):
        if value is None or not self.text:
            return value
        return value.strftime("%Y-%m-%d %H:%M:%S")

    def day(self, value: datetime.date):
        return value.isoformat() if self.text else value

    def uuid(self, value: uuid.UUID):
        return value.hex if self.text else value


def _weighted(rng: random.Random, weights: dict) -> list:
    """A table of 1,000 draws to index with one random number (cheaper than rng.choices per row)."""
    keys = list(weights)
    return rng.choices(keys, weights=[weights[key] for key in keys], k=1000)


def generate_voice(concerns: int = 500_000, *, out=print) -> dict:
    """Build the data set; returns counts. Prints progress through `out`."""
    if not Area.objects.filter(level="village").exists():
        gazetteer_load()
    started = time.perf_counter()
    rng = random.Random(SEED)
    uniform = rng.random

    def pick(n: int) -> int:
        return int(uniform() * n)

    write = _Writer()
    places = _Places()
    units = _Units()
    categories = _categories(units)
    generator, _created = User.objects.get_or_create(username=GENERATOR)
    texts = _Texts()
    mission_id, forum_id, visit_id, concern_id = _next_ids(Mission, Forum, HouseholdVisit, Concern)
    existing_codes = set(Concern.objects.values_list("tracking_code", flat=True))

    # Missions of the national working group: one to each province a year, holding the
    # province's forum that year.
    mission_rows, forum_rows = [], []
    forums_by_province: dict[str, list[tuple[int, str, datetime.date]]] = defaultdict(list)
    totals: Counter = Counter()  # the kept tallies, counted as rollups.concern_counts counts
    missions_of: dict[tuple[str, int], int] = {}
    group_pk, group_path = units.group
    for year in (NOW.year - 2, NOW.year - 1, NOW.year):
        for province in places.provinces:
            start_day = datetime.date(year, 1 + pick(10), 1 + pick(25))
            stamp = write.at(datetime.datetime.combine(start_day, datetime.time(), datetime.UTC))
            mission_rows.append(
                (
                    mission_id, stamp, stamp, f"បេសកកម្មក្រុមការងារថ្នាក់ជាតិ {year}", f"{MISSION_PREFIX} {year}",
                    group_pk, province, write.day(start_day), write.day(start_day + datetime.timedelta(days=2)),
                    "", "គាំទ្រ ជំរុញ និងតាមដានការដោះស្រាយបញ្ហារបស់ប្រជាពលរដ្ឋ", province, province, group_path,
                )
            )  # fmt: skip
            missions_of[(province, year)] = mission_id
            mission_id += 1
    levels = _weighted(rng, {ForumLevel.COMMUNE: 65, ForumLevel.DISTRICT: 27, ForumLevel.PROVINCE: 8})
    span = (NOW - START).days
    for _n in range(FORUMS):
        level = levels[pick(1000)]
        pool = {
            ForumLevel.COMMUNE: places.communes,
            ForumLevel.DISTRICT: places.districts,
            ForumLevel.PROVINCE: places.provinces,
        }[level]
        area = pool[pick(len(pool))]
        held = (START + datetime.timedelta(days=pick(span))).date()
        mission = missions_of.get((area, held.year)) if level == ForumLevel.PROVINCE else None
        organiser = units.administration(area) or units.group
        female, male = 20 + pick(120), 15 + pick(100)
        total = female + male
        youth = int(total * (0.15 + 0.25 * uniform()))
        stamp = write.at(datetime.datetime.combine(held, datetime.time(9), datetime.UTC))
        forum_rows.append(
            (
                forum_id, stamp, stamp, mission, level, area, write.day(held), VENUES[pick(len(VENUES))],
                organiser[0], "", female, male, youth,
                int(total * 0.6 * uniform()) if area[:2] in HIGHLANDS else 0, int(total * 0.05 * uniform()),
                "សំណេះសំណាល និងស្តាប់សំណូមពររបស់ប្រជាពលរដ្ឋ", "", area, area[:2], organiser[1],
            )
        )  # fmt: skip
        forums_by_province[area[:2]].append((forum_id, area, held))
        counted = forum_counts(SimpleNamespace(attendance_female=female, attendance_male=male, attendance_youth=youth))
        for key in _area_keys(area):
            for dimension, value in counted.items():
                totals[(key, held.year, dimension)] += value
        forum_id += 1

    channels = _weighted(rng, CHANNEL_WEIGHTS)
    category_draws = _weighted(rng, CATEGORY_WEIGHTS)
    open_draws = _weighted(rng, OPEN_WEIGHTS)
    answer_draws = _weighted(rng, ANSWER_WEIGHTS)
    groups = _weighted(rng, {ReporterGroup.CITIZEN: 80, ReporterGroup.YOUTH: 14, ReporterGroup.SERVICE_PROVIDER: 6})
    concern_rows, update_rows, escalation_rows, action_rows, visit_rows = [], [], [], [], []
    last_by_place: dict[tuple[str, str], int] = {}
    statuses: dict[str, int] = defaultdict(int)
    author = generator.pk
    seconds = span * 86400
    for n in range(concerns):
        if n and n % 100_000 == 0:
            out(f"  {n:,} concerns composed ({time.perf_counter() - started:.0f} s)")
        pk = concern_id + n
        code = category_draws[pick(1000)]
        category, ministry = categories[code]
        channel = channels[pick(1000)]
        forum = visit = None
        if channel == Channel.FORUM:
            province = places.provinces[pick(len(places.provinces))]
            forum, forum_area, held = forums_by_province[province][pick(len(forums_by_province[province]))]
            area = places.village_in(forum_area, pick)
            received = datetime.datetime.combine(held, datetime.time(9 + pick(4), pick(60)), datetime.UTC)
        else:
            area = places.villages[pick(len(places.villages))]
            received = START + datetime.timedelta(seconds=pick(seconds))
            if channel == Channel.VISIT:
                visit = visit_id
                stamp = write.at(received)
                family = FAMILY[pick(len(FAMILY))][0]
                visit_rows.append(
                    (
                        visit_id, stamp, stamp, None, "ក្រុមការងាររដ្ឋបាលឃុំ", *_unit_row(units.administration(area)),
                        area, write.day(received.date()), f"គ្រួសារលោក{family}", "", area, area[:2],
                        _unit_path(units.administration(area)),
                    )
                )  # fmt: skip
                visit_id += 1
        place = PLACES[pick(len(PLACES))]
        phrases = (ISSUES[code][pick(len(ISSUES[code]))], DETAILS[pick(len(DETAILS))], REQUESTS[pick(len(REQUESTS))])
        description, search_text = texts.of(phrases, place)
        # The competent authority: land goes to the provincial administration, health to the
        # provincial health department, the rest to the commune (as the routing rules would say).
        if code == "land":
            authority, level = units.admin.get(area[:2]), Level.PROVINCE
        elif code == "health" and area[:2] in units.department:
            authority, level = units.department[area[:2]], Level.PROVINCE
        else:
            authority, level = units.administration(area), Level.COMMUNE
        ack_days, resolve_days = category.acknowledge_days, category.resolve_days
        acknowledge_due = received + datetime.timedelta(days=ack_days)
        resolve_due = received + datetime.timedelta(days=resolve_days)
        age_days = (NOW - received).days
        # Most concerns are answered; recent ones and a stalled share stay open.
        open_share = max(0.07, 1 - age_days / (1.3 * resolve_days))
        acknowledged = answered = closed = rated = None
        satisfied, reason = None, ""
        if uniform() < open_share:
            status = Status.RECEIVED if age_days < ack_days and uniform() < 0.6 else open_draws[pick(1000)]
            if status == Status.REOPENED and age_days < 60:
                status = Status.IN_PROGRESS
            if status != Status.RECEIVED:
                acknowledged = received + datetime.timedelta(hours=2 + pick(min(age_days, ack_days * 2) * 24 + 1))
        else:
            status = answer_draws[pick(1000)]
            took = 1 + int(resolve_days * 1.2 * uniform())
            answered = received + datetime.timedelta(days=min(took, max(age_days - 1, 0)), hours=pick(8))
            acknowledged = min(answered, received + datetime.timedelta(hours=2 + pick(ack_days * 26)))
            if status == Status.RESOLVED and uniform() < 0.3:
                closing = answered + datetime.timedelta(days=3 + pick(20))
                if closing < NOW:
                    status, closed = Status.CLOSED, closing
            if uniform() < 0.35:
                rated = (closed or answered) + datetime.timedelta(days=1 + pick(5))
                if rated < NOW:
                    satisfied = uniform() < 0.72
                    reason = "" if satisfied else UNSATISFIED[pick(len(UNSATISFIED))]
                else:
                    rated = None
        # The deadline job, replayed: each breach sends the concern one rung up, and the unit
        # there gets a fresh period. It stops once the concern is answered (or at the top).
        ladder = units.ladder(area, ministry)
        holder = authority
        escalated_to = None
        updates = [(pk, ConcernUpdate.Kind.RECEIVED, "", Status.RECEIVED, RECEIVED_NOTE, "", None, author, received)]
        ended = answered or NOW
        if (acknowledged or NOW) > acknowledge_due and acknowledge_due < ended:
            level, holder, escalated_to = _escalate(
                escalation_rows, updates, pk, Breach.ACKNOWLEDGE, level, ladder, holder, acknowledge_due
            )
            acknowledge_due = acknowledge_due + datetime.timedelta(days=ack_days, hours=3)
        while resolve_due < ended and level < Level.NATIONAL_WORKING_GROUP:
            level, holder, escalated_to = _escalate(
                escalation_rows, updates, pk, Breach.RESOLVE, level, ladder, holder, resolve_due
            )
            resolve_due = resolve_due + datetime.timedelta(days=resolve_days, hours=3)
        if acknowledged:
            step = Status.ACKNOWLEDGED if status != Status.ASSIGNED else Status.ASSIGNED
            updates.append((pk, "transition", Status.RECEIVED, step, "", STEP_NOTES[step], None, author, acknowledged))
            previous = step
            if status == Status.IN_PROGRESS or (answered and uniform() < 0.3):
                moment = acknowledged + (((answered or NOW) - acknowledged) / 2)
                updates.append(
                    (pk, "transition", previous, Status.IN_PROGRESS, "", STEP_NOTES[Status.IN_PROGRESS], None,
                     author, moment)
                )  # fmt: skip
                previous = Status.IN_PROGRESS
            if answered:
                final = Status.RESOLVED if status == Status.CLOSED else status
                updates.append((pk, "transition", previous, final, ANSWERS[final], "", None, author, answered))
                if closed:
                    updates.append(
                        (pk, "transition", final, Status.CLOSED, ANSWERS[Status.CLOSED], "", None, author, closed)
                    )
                if rated:
                    updates.append((pk, "rated", status, status, reason, "", None, None, rated))
            elif status == Status.REOPENED:
                moment = acknowledged + (NOW - acknowledged) / 3
                updates.append(
                    (pk, "transition", previous, Status.RESOLVED, ANSWERS[Status.RESOLVED], "", None, author, moment)
                )
                updates.append(
                    (
                        pk,
                        "reopened",
                        Status.RESOLVED,
                        Status.REOPENED,
                        REOPEN_NOTE,
                        "",
                        None,
                        None,
                        moment + datetime.timedelta(days=5),
                    )
                )
        # The working group acts on some stalled concerns that reached it or the province.
        if escalated_to is not None and level >= Level.PROVINCE and uniform() < (0.6 if level == 4 else 0.15):
            kind = (ActionKind.URGE, ActionKind.REQUEST_INFORMATION, ActionKind.MONITOR, ActionKind.MOBILISE)[pick(4)]
            moment = write.at(min(NOW, received + datetime.timedelta(days=resolve_days * 2)))
            action_rows.append(
                (
                    pk, (holder or authority or units.group)[0], kind,
                    units.partner if kind == ActionKind.MOBILISE else None, ACTION_NOTES[kind], author, moment,
                )
            )  # fmt: skip
        merged_into = None
        place_key = (area, code)
        if channel != Channel.FORUM and place_key in last_by_place and uniform() < 0.04:
            merged_into = last_by_place[place_key]
            status, closed = Status.CLOSED, closed or received + datetime.timedelta(days=1)
            updates.append((pk, "merged", Status.RECEIVED, Status.CLOSED, "", "", None, author, closed))
        last_by_place[place_key] = pk
        statuses[status] += 1
        anonymous = uniform() < 0.15
        family, given = FAMILY[pick(len(FAMILY))], GIVEN[Sex.FEMALE if uniform() < 0.5 else Sex.MALE]
        given = given[pick(len(given))]
        tracking = _tracking_code(rng, existing_codes)
        latest = max(row[-1] for row in updates)
        counted = concern_counts(
            SimpleNamespace(
                merged_into_id=merged_into, category=category, status=status, channel=channel,
                acknowledged_at=acknowledged, received_at=received, acknowledge_due=acknowledge_due,
                answered_at=answered, resolve_due=resolve_due, escalation_level=level, satisfied=satisfied,
            )
        )  # fmt: skip
        for key in _area_keys(area):
            for dimension, value in counted.items():
                totals[(key, received.year, dimension)] += value
        concern_rows.append(
            (
                pk, write.at(received), write.at(latest), tracking, channel, category.pk, area, description, place,
                None, None, "" if anonymous else f"{family[0]} {given[0]}",
                "" if anonymous else f"0{12 + pick(80)}{pick(1_000_000):06d}", "", groups[pick(1000)], anonymous,
                uniform() < 0.05, forum, visit, status, authority[0] if authority else None,
                authority[0] if authority else None, status != Status.RECEIVED, level,
                escalated_to[0] if escalated_to else None, write.at(received), write.at(acknowledged),
                write.at(answered), write.at(closed), write.at(acknowledge_due), write.at(resolve_due), merged_into,
                satisfied, reason, write.at(rated), write.uuid(uuid.UUID(int=rng.getrandbits(128), version=4)),
                author, area, area[:2], area[:4], authority[1] if authority else "",
                escalated_to[1] if escalated_to else "", search_text,
            )
        )  # fmt: skip
        update_rows.extend(row[:-1] + (write.at(row[-1]),) for row in updates)
    built = time.perf_counter()
    out(
        f"  composed {len(concern_rows):,} concerns, {len(update_rows):,} updates, {len(escalation_rows):,}"
        f" escalations in {built - started:.1f} s ({len(texts.phrase_tokens)} phrases segmented)"
    )
    escalation_rows = [row[:4] + (write.at(row[4]), row[5], row[6], write.at(row[7])) for row in escalation_rows]
    _load(
        [
            (Mission, MISSION_COLUMNS, mission_rows),
            (Forum, FORUM_COLUMNS, forum_rows),
            (HouseholdVisit, VISIT_COLUMNS, visit_rows),
            (Concern, CONCERN_COLUMNS, concern_rows),
            (ConcernUpdate, UPDATE_COLUMNS, update_rows),
            (Escalation, ESCALATION_COLUMNS, escalation_rows),
            (WorkingGroupAction, ACTION_COLUMNS, action_rows),
        ],
        out=out,
    )
    inserted = time.perf_counter()
    with transaction.atomic():
        tallies = _write_tallies(totals)
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE")
    done = time.perf_counter()
    out(
        f"{len(concern_rows):,} concerns, {len(update_rows):,} updates, {len(escalation_rows):,} escalations,"
        f" {len(action_rows):,} working group actions, {len(forum_rows):,} forums, {len(visit_rows):,} visits:"
        f" built in {built - started:.1f} s, inserted in {inserted - built:.1f} s, {tallies:,} tallies in"
        f" {done - inserted:.1f} s"
    )
    return {
        "concerns": len(concern_rows),
        "updates": len(update_rows),
        "escalations": len(escalation_rows),
        "actions": len(action_rows),
        "forums": len(forum_rows),
        "visits": len(visit_rows),
        "statuses": dict(statuses),
        "seconds": done - started,
    }


def _write_tallies(totals: Counter) -> int:
    """Add the generated concerns' and forums' contributions to the kept tallies: counted while
    composing with rollups.concern_counts and forum_counts, so the result is what
    rebuild_tallies would recount, without reading half a million rows back. Tallies already
    kept (concerns recorded through the services) stay and are added to."""
    rows = sorted((key, year, dimension, value) for (key, year, dimension), value in totals.items() if value)
    if VoiceTally.objects.exists():
        add_rows(rows)
    else:
        _insert(VoiceTally._meta.db_table, ["area_key", "year", "dimension", "value"], rows)
    return len(rows)


def _unit_row(unit: tuple[int, str] | None) -> tuple[int | None]:
    return (unit[0] if unit else None,)


def _unit_path(unit: tuple[int, str] | None) -> str:
    return unit[1] if unit else ""


def _escalate(rows, updates, pk, breach, level, ladder, holder, due):
    """One breach replayed: the next rung with a unit (as routing.unit_above finds it)."""
    to_level, unit = Level.NATIONAL_WORKING_GROUP, None
    for next_level in range(level + 1, Level.NATIONAL_WORKING_GROUP + 1):
        if ladder.get(next_level) is not None:
            to_level, unit = next_level, ladder[next_level]
            break
    moment = due + datetime.timedelta(hours=3)  # the job runs a few hours after the deadline
    rows.append((pk, breach, level, to_level, due, holder[0] if holder else None, unit[0] if unit else None, moment))
    updates.append((pk, "escalated", "", "", "", ESCALATED_NOTE, unit[0] if unit else None, None, moment))
    return to_level, unit or holder, unit


def _tracking_code(rng: random.Random, taken: set[str]) -> str:
    alphabet = TRACKING_ALPHABET
    while True:
        value = rng.getrandbits(40)
        raw = "".join(alphabet[(value >> (5 * i)) % 31] for i in range(8))
        code = f"{raw[:4]}-{raw[4:]}"
        if code not in taken:
            taken.add(code)
            return code


def _load(tables, *, out) -> None:
    """Insert every table in one transaction. On SQLite the full-text table is filled once at
    the end ('rebuild') rather than by the insert trigger row by row; on PostgreSQL _insert
    drops the GIN index and builds it again after the COPY."""
    _large_cache()
    with transaction.atomic():
        raw = connection.connection
        triggers = []
        if connection.vendor == "sqlite":
            triggers = _sqlite_triggers(raw, "voice_concern", "%fts_insert")
            for name, _sql in triggers:
                raw.execute(f'DROP TRIGGER "{name}"')
        else:
            with connection.cursor() as cursor:
                cursor.execute("SET LOCAL maintenance_work_mem = '512MB'")
        for model, columns, rows in tables:
            began = time.perf_counter()
            _insert(model._meta.db_table, columns, rows)
            out(f"  {model._meta.db_table}: {len(rows):,} rows in {time.perf_counter() - began:.1f} s")
        if connection.vendor == "sqlite":
            for _name, sql in triggers:
                raw.execute(sql)
            began = time.perf_counter()
            _rebuild_fts(raw)
            out(f"  voice_concern_fts rebuilt in {time.perf_counter() - began:.1f} s")
        else:
            _reset_sequences(*(model for model, _columns, _rows in tables))


def _reset_sequences(*models) -> None:
    with connection.cursor() as cursor:
        for model in models:
            table = model._meta.db_table
            cursor.execute(
                f"SELECT setval(pg_get_serial_sequence('{table}', 'id'), (SELECT MAX(id) FROM {table}))"  # noqa: S608
            )
