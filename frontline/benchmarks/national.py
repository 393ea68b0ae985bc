"""A deterministic national-scale data set: ministries, provincial departments, an
administration for every province, district and commune, and 250,000 officials with posts.

Rows go in with executemany (SQLite) or COPY (PostgreSQL): the services would take minutes,
and a generated data set is not a change anyone made, so it is not audited. The derived
columns are computed exactly as the services compute them (checked by a test).
"""

import datetime
import random
import time
from dataclasses import dataclass

from django.db import connection, transaction
from django.utils import timezone

from frontline.core.text import latin_sort_key, search_document
from frontline.geography.gazetteer import gazetteer_load
from frontline.geography.models import Area, Level
from frontline.organisations.models import PATH_SEGMENT, Organisation, OrgKind
from frontline.people.models import Person, Post, PostLevel, Sex
from frontline.people.tallies import officials_recount

GENERATED_PREFIX = "gen-"
SEED = 2031
STAMP = datetime.datetime(2025, 1, 1, tzinfo=datetime.UTC)
STAMP_TEXT = "2025-01-01 00:00:00"  # how Django stores STAMP in SQLite (UTC, no offset)
FAMILY = [
    ("សុខ", "Sok"), ("ចាន់", "Chan"), ("ហេង", "Heng"), ("លី", "Ly"), ("ឈឹម", "Chhim"), ("ពេជ្រ", "Pich"),
    ("កែវ", "Keo"), ("ម៉ៅ", "Mao"), ("នួន", "Nuon"), ("សៀង", "Sieng"), ("ជា", "Chea"), ("ហ៊ុន", "Hun"),
    ("អ៊ុំ", "Um"), ("ទេព", "Tep"), ("ស៊ុន", "Sun"), ("ឡុង", "Long"), ("ប៉ែន", "Pen"), ("គឹម", "Kim"),
    ("យិន", "Yin"), ("ព្រំ", "Prum"),
]  # fmt: skip
GIVEN = {
    Sex.FEMALE: [
        ("ស្រីពៅ", "Sreypov"), ("ចាន់ធី", "Chanthy"), ("សុភា", "Sophea"), ("ដាវី", "Davy"), ("ស្រីនាង", "Sreyneang"),
        ("បុប្ផា", "Bopha"), ("សុគន្ធា", "Sokunthea"), ("រចនា", "Rachana"), ("ស្រីមុំ", "Sreymom"), ("ធីតា", "Thida"),
        ("មាលា", "Mealea"), ("ច័ន្ទថា", "Chanttha"), ("សុវណ្ណី", "Sovanny"), ("ពិសី", "Pisey"), ("លីដា", "Lida"),
    ],
    Sex.MALE: [
        ("សុខា", "Sokha"), ("វិបុល", "Vibol"), ("ដារ៉ា", "Dara"), ("រតនា", "Ratana"), ("សំណាង", "Samnang"),
        ("វណ្ណៈ", "Vannak"), ("ពិសិដ្ឋ", "Piseth"), ("សុផល", "Sophal"), ("បូរ៉ា", "Bora"), ("ចន្ថា", "Chantha"),
        ("វិសាល", "Visal"), ("សុធា", "Sothea"), ("កុសល", "Kosal"), ("រដ្ឋា", "Rottha"), ("មករា", "Makara"),
    ],
}  # fmt: skip
POSITIONS = [
    ("Director", PostLevel.MANAGEMENT), ("Deputy director", PostLevel.MANAGEMENT),
    ("Chief of office", PostLevel.MANAGEMENT), ("Social worker", PostLevel.TECHNICAL),
    ("Technical officer", PostLevel.TECHNICAL), ("Administrative officer", PostLevel.TECHNICAL),
    ("Accountant", PostLevel.TECHNICAL), ("Planning officer", PostLevel.TECHNICAL),
]  # fmt: skip
PERSON_COLUMNS = [
    "id", "family_name_km", "given_name_km", "family_name_latin", "given_name_latin", "sex", "birth_date", "phone",
    "national_id", "organisation_id", "position", "level", "area_code", "province_code", "org_path", "name_sort",
    "search_text", "created_at", "updated_at",
]  # fmt: skip
POST_COLUMNS = [
    "person_id", "organisation_id", "position", "grade", "level", "start_date", "end_date", "created_at", "updated_at",
]  # fmt: skip


@dataclass
class Unit:
    pk: int
    path: str
    area_code: str


def _organisation_rows() -> list[Organisation]:
    """The generated organisation tree, paths laid after the roots that exist already."""
    provinces = list(Area.objects.filter(level=Level.PROVINCE).order_by("code"))
    districts = list(Area.objects.filter(level=Level.DISTRICT).order_by("code"))
    communes = list(Area.objects.filter(level=Level.COMMUNE).order_by("code"))
    roots = Organisation.objects.filter(parent=None).values_list("path", flat=True)
    next_root = max((int(path) for path in roots), default=0) + 1
    rows: list[Organisation] = []

    def add(code, kind, name_km, name_en, path, area=None, parent_code=None):
        rows.append(
            Organisation(
                code=GENERATED_PREFIX + code,
                kind=kind,
                name_km=name_km,
                name_en=name_en,
                path=path,
                area_id=area.code if area else None,
                area_code=area.code if area else "",
                search_text=search_document(name_km, name_en),
                created_at=STAMP,
                updated_at=STAMP,
            )
        )
        rows[-1].parent_code = GENERATED_PREFIX + parent_code if parent_code else None

    def segment(number: int) -> str:
        return f"{number:0{PATH_SEGMENT}d}"

    for m in range(25):
        path = segment(next_root + m)
        add(f"ministry-{m}", OrgKind.MINISTRY, f"ក្រសួងទី{m + 1}", f"Ministry {m + 1}", path)
        for d in range(6):
            add(
                f"ministry-{m}-dept-{d}",
                OrgKind.DEPARTMENT,
                f"នាយកដ្ឋានទី{d + 1}",
                f"Department {m + 1}.{d + 1}",
                path + segment(d + 1),
                parent_code=f"ministry-{m}",
            )
        for p, province in enumerate(provinces):
            add(
                f"ministry-{m}-{province.code}",
                OrgKind.PROVINCIAL_DEPARTMENT,
                f"មន្ទីរទី{m + 1}ខេត្ត{province.name_km}",
                f"{province.name_en} Department {m + 1}",
                path + segment(7 + p),
                province,
                f"ministry-{m}",
            )
    next_root += 25
    for p, province in enumerate(provinces):
        province_path = segment(next_root + p)
        add(
            f"admin-{province.code}",
            OrgKind.SUBNATIONAL,
            f"រដ្ឋបាល{province.name_km}",
            f"{province.name_en} Administration",
            province_path,
            province,
        )
        for d, district in enumerate(x for x in districts if x.parent_id == province.code):
            district_path = province_path + segment(d + 1)
            add(
                f"admin-{district.code}",
                OrgKind.SUBNATIONAL,
                f"រដ្ឋបាល{district.name_km}",
                f"{district.name_en} Administration",
                district_path,
                district,
                f"admin-{province.code}",
            )
            for c, commune in enumerate(x for x in communes if x.parent_id == district.code):
                add(
                    f"admin-{commune.code}",
                    OrgKind.SUBNATIONAL,
                    f"រដ្ឋបាល{commune.name_km}",
                    f"{commune.name_en} Administration",
                    district_path + segment(c + 1),
                    commune,
                    f"admin-{district.code}",
                )
    return rows


def _create_organisations() -> list[Unit]:
    rows = _organisation_rows()
    with transaction.atomic():
        Organisation.objects.bulk_create(rows, batch_size=1000)
        pks = dict(Organisation.objects.filter(code__startswith=GENERATED_PREFIX).values_list("code", "pk"))
        for row in rows:
            row.pk = pks[row.code]
            row.parent_id = pks.get(row.parent_code)
        Organisation.objects.bulk_update([r for r in rows if r.parent_id], ["parent_id"], batch_size=1000)
    return [Unit(row.pk, row.path, row.area_code) for row in rows]


class _Names:
    """Search text and sort key per name pair, computed once (as people.services._derive does)."""

    def __init__(self):
        self.cache: dict[tuple, tuple[str, str]] = {}

    def of(self, family, given) -> tuple[str, str]:
        key = (family, given)
        if key not in self.cache:
            document = search_document(family[0], given[0], family[1], given[1])
            self.cache[key] = (document.rstrip(" "), latin_sort_key(f"{family[1]} {given[1]}"))
        return self.cache[key]


def _people_rows(count: int, units: list[Unit], first_id: int, *, as_text: bool):
    """(person row, post rows) tuples; dates as ISO text for SQLite, as objects for COPY."""
    stamp = STAMP_TEXT if as_text else STAMP
    day = datetime.date.isoformat if as_text else (lambda value: value)
    rng = random.Random(SEED)
    uniform = rng.random

    def pick(n: int) -> int:  # int(random() * n): a third of randrange's cost
        return int(uniform() * n)

    names = _Names()
    # Officials are weighted towards the communes and districts, as in the civil service.
    weights = [1 if unit.area_code == "" else 3 if len(unit.area_code) == 2 else 2 for unit in units]
    chosen = rng.choices(units, weights=weights, k=count)
    for offset, unit in enumerate(chosen):
        pk = first_id + offset
        sex = Sex.FEMALE if uniform() < 0.41 else Sex.MALE
        family = FAMILY[pick(len(FAMILY))]
        given = GIVEN[sex][pick(len(GIVEN[sex]))]
        position, level = POSITIONS[pick(len(POSITIONS))]
        national_id = f"9{pk:010d}"
        phone = f"0{10 + pick(90)}{pick(1_000_000):06d}"
        document, sort_key = names.of(family, given)
        birth = day(datetime.date(1962 + pick(40), 1 + pick(12), 1 + pick(28)))
        start_date = datetime.date(2010 + pick(15), 1 + pick(12), 1)
        start = day(start_date)
        person = (
            pk,
            family[0],
            given[0],
            family[1],
            given[1],
            sex,
            birth,
            phone,
            national_id,
            unit.pk,
            position,
            level,
            unit.area_code,
            unit.area_code[:2],
            unit.path,
            sort_key,
            f"{document} {national_id} {phone} ",
            stamp,
            stamp,
        )
        posts = [(pk, unit.pk, position, "", level, start, None, stamp, stamp)]
        if uniform() < 0.2:
            earlier = units[pick(len(units))]
            posts.append(
                (
                    pk,
                    earlier.pk,
                    "Technical officer",
                    "",
                    PostLevel.TECHNICAL,
                    day(datetime.date(2005, 1, 1)),
                    day(start_date - datetime.timedelta(days=1)),
                    stamp,
                    stamp,
                )
            )
        yield person, posts


def _secondary_indexes(raw, table: str) -> list[tuple[str, str]]:
    """(name, CREATE statement) of the table's indexes that no constraint owns."""
    if connection.vendor == "postgresql":
        rows = raw.execute(
            "SELECT indexname, indexdef FROM pg_indexes WHERE tablename = %s AND indexname NOT IN"
            " (SELECT conname FROM pg_constraint WHERE conrelid = %s::regclass)",
            [table, table],
        ).fetchall()
    else:
        rows = raw.execute(
            "SELECT name, sql FROM sqlite_master WHERE type = 'index' AND tbl_name = ? AND sql IS NOT NULL", [table]
        ).fetchall()
    return list(rows)


def _insert(table: str, columns: list[str], rows: list[tuple]) -> None:
    """Bulk insert with the secondary indexes built after the rows are in: one sorted build
    per index instead of half a million random inserts into each."""
    connection.ensure_connection()
    raw = connection.connection.cursor() if connection.vendor == "postgresql" else connection.connection
    if connection.vendor == "postgresql":
        # Check foreign keys at the end of each COPY rather than at commit: PostgreSQL will
        # not build an index on a table with deferred checks still pending.
        raw.execute("SET CONSTRAINTS ALL IMMEDIATE")
    indexes = _secondary_indexes(raw, table)
    for name, _sql in indexes:
        raw.execute(f'DROP INDEX "{name}"')
    names = ", ".join(columns)
    if connection.vendor == "postgresql":
        with raw.copy(f"COPY {table} ({names}) FROM STDIN") as copy:
            for row in rows:
                copy.write_row(row)
    else:
        placeholders = ", ".join(["?"] * len(columns))
        # table and columns are this module's constants, not input
        raw.executemany(f"INSERT INTO {table} ({names}) VALUES ({placeholders})", rows)  # noqa: S608
    for _name, sql in indexes:
        raw.execute(sql)


def _reset_sequence() -> None:
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            table = Person._meta.db_table
            cursor.execute(
                f"SELECT setval(pg_get_serial_sequence('{table}', 'id'), (SELECT MAX(id) FROM {table}))"  # noqa: S608
            )


def generated_count() -> int:
    return Person.objects.filter(organisation__code__startswith=GENERATED_PREFIX).count()


def wipe() -> None:
    with transaction.atomic():
        generated = Organisation.objects.filter(code__startswith=GENERATED_PREFIX)
        Post.objects.filter(person__organisation__in=generated).delete()
        Post.objects.filter(organisation__in=generated).delete()
        Person.objects.filter(organisation__in=generated).delete()
        for depth in range(6, 0, -1):  # children before parents (PROTECT)
            generated.filter(path__regex=rf"^.{{{depth * PATH_SEGMENT}}}$").delete()


def generate(officials: int, *, out=print) -> dict:
    """Build the data set; returns timings. Rows per second counts people and posts."""
    if not Area.objects.exists():
        gazetteer_load()
    started = time.perf_counter()
    units = _create_organisations()
    organisations_seconds = time.perf_counter() - started
    first_id = (Person.objects.order_by("-id").values_list("id", flat=True).first() or 0) + 1
    insert_started = time.perf_counter()
    people, posts = [], []
    as_text = connection.vendor != "postgresql"
    for person, person_posts in _people_rows(officials, units, first_id, as_text=as_text):
        people.append(person)
        posts.extend(person_posts)
    with transaction.atomic():
        _insert(Person._meta.db_table, PERSON_COLUMNS, people)
        _insert(Post._meta.db_table, POST_COLUMNS, posts)
        _reset_sequence()
    insert_seconds = time.perf_counter() - insert_started
    recount_started = time.perf_counter()
    officials_recount()
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE")
    result = {
        "organisations": len(units),
        "officials": officials,
        "posts": len(posts),
        "organisation_seconds": organisations_seconds,
        "insert_seconds": insert_seconds,
        "rows_per_second": (officials + len(posts)) / insert_seconds,
        "officials_per_second": officials / insert_seconds,
        "recount_seconds": time.perf_counter() - recount_started,
        "generated_at": timezone.now().isoformat(),
    }
    out(
        f"{len(units)} organisations in {organisations_seconds:.1f} s; "
        f"{officials:,} officials and {len(posts):,} posts in {insert_seconds:.1f} s "
        f"({result['rows_per_second']:,.0f} rows/s, {result['officials_per_second']:,.0f} officials/s); "
        f"tallies in {result['recount_seconds']:.1f} s"
    )
    return result
