"""Citizens' voice demo data for `make run`, from the articles in ../shared/seeds:

- the national working group supporting sub-national administrations (seed 003) on a mission
  to Mondulkiri: a public forum in a district with the district administration, visits to
  households in two villages, and the concerns heard there in several states: acknowledged,
  in progress (the working group urges the unit), resolved with an answer to the citizen,
  referred, not solvable under the law (for the report to government), closed and rated, one
  confidential, one merged duplicate;
- one concern left unacknowledged for six weeks, escalated by the deadline job;
- routing rules: civil registration to the commune administrations, land to the provincial
  administrations, health to the provincial health department, social protection to the
  provincial departments of social affairs;
- a handful of web, One Window and hotline concerns in the other provinces of the demo.

Everything goes through the services with the demo accounts acting, so the audit log and the
kept tallies are what a user's actions would leave.
"""

import datetime

from django.conf import settings
from django.utils import timezone

from frontline.geography.models import Area
from frontline.organisations.models import Organisation, OrgKind
from frontline.organisations.services import organisation_create

from .models import ActionKind, Category, Channel, Concern, ForumLevel, Mission, ReporterGroup, RoutingRule, Status
from .services import (
    concern_create,
    concern_merge,
    concern_rate,
    concern_route,
    concern_transition,
    escalate_overdue,
    forum_save,
    mission_save,
    visit_save,
    working_group_act,
)

MISSION_TITLE_EN = "National working group mission to Mondulkiri"
DEMO_PROVINCES = ["08", "14", "25", "10", "16", "11"]


def _organisation(code, **fields) -> Organisation:
    found = Organisation.objects.filter(code=code).first()
    return found or organisation_create(acting_user=None, code=code, **fields)


def _organisations(district: Area) -> dict[str, Organisation]:
    """The working group, the Ministry of Health and Mondulkiri's health department, and the
    commune administrations of the mission's district."""
    interior = Organisation.objects.filter(code="moi").first()
    found = {
        "group": _organisation(
            settings.VOICE_WORKING_GROUP_CODE,
            parent=interior,
            kind=OrgKind.INSTITUTION,
            name_km="ក្រុមការងារថ្នាក់ជាតិគាំទ្ររដ្ឋបាលថ្នាក់ក្រោមជាតិ",
            name_en="National Working Group supporting Sub-National Administrations",
            abbreviation="NWG",
        ),
    }
    health = _organisation("moh", kind=OrgKind.MINISTRY, name_km="ក្រសួងសុខាភិបាល", name_en="Ministry of Health")
    found["moh"] = health
    found["health-11"] = _organisation(
        "phd-11",
        parent=health,
        kind=OrgKind.PROVINCIAL_DEPARTMENT,
        name_km="មន្ទីរសុខាភិបាលខេត្តមណ្ឌលគិរី",
        name_en="Mondul Kiri Provincial Health Department",
        area=Area.objects.get(code="11"),
    )
    district_admin = Organisation.objects.get(code=f"admin-{district.code}")
    for commune in Area.objects.filter(parent=district).order_by("code"):
        found[commune.code] = _organisation(
            f"admin-{commune.code}",
            parent=district_admin,
            kind=OrgKind.SUBNATIONAL,
            name_km=f"រដ្ឋបាល{commune.name_km}",
            name_en=f"{commune.name_en} {commune.get_kind_display()} Administration",
            area=commune,
        )
    return found


def _rules(orgs: dict[str, Organisation], categories: dict[str, Category]) -> None:
    """Who is competent, as the demo reads the law on sub-national administration."""
    rules = []
    for code, organisation in orgs.items():
        if len(code) == 6 and code.isdigit():
            rules.append(("civil-registration", code, organisation, "ច្បាប់ស្តីពីអត្រានុកូលដ្ឋាន៖ មន្ត្រីអត្រានុកូលដ្ឋានឃុំ"))
    for province in DEMO_PROVINCES:
        administration = Organisation.objects.filter(code=f"admin-{province}").first()
        if administration:
            rules.append(("land", province, administration, "គណៈកម្មការសុរិយោដីខេត្ត"))
        social = Organisation.objects.filter(code=f"dosvy-{province}").first()
        if social:
            rules.append(("social-protection", province, social, ""))
    rules.append(("health", "11", orgs["health-11"], ""))
    for category, area, authority, note in rules:
        RoutingRule.objects.get_or_create(
            category=categories[category], area_id=area, defaults={"authority": authority, "note": note}
        )
    # Where a stalled concern goes after the province, when an administrator has not said.
    ministries = {
        "health": orgs["moh"],
        "social-protection": Organisation.objects.filter(code="mosvy").first(),
    }
    for code, category in categories.items():
        if category.ministry_id is None:
            category.ministry = ministries.get(code) or Organisation.objects.filter(code="moi").first()
            category.save(update_fields=["ministry"])


def _village(prefix: str) -> Area:
    return Area.objects.filter(level="village", code__startswith=prefix).order_by("code").first()


def _at(day: datetime.date, hour: int) -> datetime.datetime:
    return datetime.datetime.combine(day, datetime.time(hour), datetime.UTC)


def seed_voice_demo(*, working_group_user, provincial_user, national_user) -> Mission:
    """Load the voice demo once (again it does nothing); returns the Mondulkiri mission."""
    existing = Mission.objects.filter(title_en=MISSION_TITLE_EN).first()
    if existing is not None:
        return existing
    mondulkiri = Area.objects.get(code="11")
    district = Area.objects.filter(parent=mondulkiri, code__in=_administered_districts()).order_by("code").first()
    communes = list(Area.objects.filter(parent=district).order_by("code")[:2])
    orgs = _organisations(district)
    categories = {category.code: category for category in Category.objects.all()}
    _rules(orgs, categories)
    wg, officer = working_group_user, provincial_user
    today = timezone.localdate()
    start = today - datetime.timedelta(days=12)
    mission = mission_save(
        acting_user=wg,
        title_km="បេសកកម្មក្រុមការងារថ្នាក់ជាតិចុះជួយគាំទ្រខេត្តមណ្ឌលគិរី",
        title_en=MISSION_TITLE_EN,
        organiser=orgs["group"],
        area=mondulkiri,
        start_date=start,
        end_date=start + datetime.timedelta(days=2),
        members="ឯកឧត្តម ប្រធានក្រុមការងារ, លោកស្រី អនុប្រធាន, មន្ត្រីក្រសួងមហាផ្ទៃ ៤ រូប",
        purpose=("ចុះជួយគាំទ្ររដ្ឋបាលថ្នាក់ក្រោមជាតិ ស្តាប់សំណូមពររបស់ប្រជាពលរដ្ឋ ជំរុញ និងតាមដានការដោះស្រាយ តាមសមត្ថកិច្ចដែលច្បាប់កំណត់"),
    )
    forum = forum_save(
        acting_user=wg,
        mission=mission,
        level=ForumLevel.DISTRICT,
        area=district,
        held_on=start,
        venue=f"សាលា{district.name_km}",
        organiser=Organisation.objects.get(code=f"admin-{district.code}"),
        organisers_note="ក្រុមការងារថ្នាក់ជាតិ និងរដ្ឋបាលស្រុក",
        attendance_female=86,
        attendance_male=64,
        attendance_youth=41,
        attendance_indigenous=57,
        attendance_disability=4,
        agenda="១. ពិធីបើក\n២. របាយការណ៍របស់រដ្ឋបាលស្រុក\n៣. ប្រជាពលរដ្ឋលើកឡើងបញ្ហា និងសំណូមពរ\n៤. ការឆ្លើយតប",
        minutes="ប្រជាពលរដ្ឋបានលើកឡើងបញ្ហាផ្លូវ ទឹកស្អាត សំបុត្រកំណើត សុខាភិបាល និងដីធ្លី។",
    )
    villages = [_village(commune.code) for commune in communes]
    visits = [
        visit_save(
            acting_user=wg,
            mission=mission,
            team="ក្រុមការងារថ្នាក់ជាតិ និងមេឃុំ",
            organiser=orgs["group"],
            area=village,
            visited_on=start + datetime.timedelta(days=1),
            household=household,
            notes=notes,
        )
        for village, household, notes in (
            (villages[0], "គ្រួសារលោក ស៊ុន សុផល (៦ នាក់)", "គ្រួសារជនជាតិដើមភាគតិច ប្រកបរបរធ្វើចម្ការ។"),
            (villages[-1], "គ្រួសារលោកស្រី ម៉ៅ សុភា (៤ នាក់)", "ស្ត្រីមេម៉ាយ មានកូនតូចពីរនាក់។"),
        )
    ]
    heard = _at(start, 9)

    def concern(channel, category, village, description, **fields):
        fields.setdefault("reporter_name", "")
        fields.setdefault("anonymous", not fields["reporter_name"])
        return concern_create(
            acting_user=wg,
            channel=channel,
            category=categories[category],
            area=village,
            description=description,
            received_at=fields.pop("received_at", heard),
            **fields,
        )

    def move(item, *steps, user=officer):
        for status, public, internal in steps:
            concern_transition(
                acting_user=user, concern=item, status=status, public_note=public, internal_note=internal
            )
        return item

    road = concern(
        Channel.FORUM,
        "roads",
        villages[0],
        "ផ្លូវលំពីភូមិទៅសាលារៀនខូចខាតធ្ងន់ធ្ងរ ពេលភ្លៀងកុមារមិនអាចទៅរៀនបាន។",
        forum=forum,
        reporter_name="យិន សំណាង",
        reporter_phone="012 456 789",
        reporter_group=ReporterGroup.YOUTH,
    )
    move(
        road,
        (Status.ACKNOWLEDGED, "", "បានទទួលពីវេទិកាសាធារណៈ។"),
        (Status.IN_PROGRESS, "រដ្ឋបាលស្រុកបានចុះវាស់វែងផ្លូវ ហើយកំពុងរៀបចំថវិកាជួសជុល។", "ដាក់ក្នុងផែនការវិនិយោគឃុំ។"),
    )
    duplicate = concern(Channel.FORUM, "roads", villages[0], "ផ្លូវទៅសាលារៀនខូចខ្លាំង សូមជួយជួសជុល។", forum=forum)
    concern_merge(acting_user=officer, primary=road, duplicates=[duplicate], internal_note="ផ្លូវតែមួយ។")
    working_group_act(
        acting_user=wg,
        concern=road,
        kind=ActionKind.URGE,
        note="ក្រុមការងារជំរុញឱ្យរដ្ឋបាលស្រុកបញ្ចប់ការជួសជុលមុនរដូវវស្សា។",
    )
    birth = concern(
        Channel.FORUM,
        "civil-registration",
        villages[-1],
        "កូនខ្ញុំអាយុប្រាំឆ្នាំ មិនទាន់មានសំបុត្រកំណើតទេ ដោយសារកើតនៅផ្ទះ។",
        forum=forum,
        reporter_name="ម៉ៅ សុភា",
        reporter_phone="097 123 4567",
    )
    move(
        birth,
        (Status.ACKNOWLEDGED, "", "មន្ត្រីអត្រានុកូលដ្ឋានទទួលបន្ទុក។"),
        (
            Status.RESOLVED,
            "រដ្ឋបាលឃុំបានចុះបញ្ជីកំណើតហួសកាលកំណត់រួចហើយ។ សូមអញ្ជើញមកទទួលសំបុត្រកំណើតនៅសាលាឃុំ។",
            "",
        ),
    )
    poor = concern(
        Channel.FORUM,
        "social-protection",
        villages[0],
        "គ្រួសារខ្ញុំក្រីក្រ តែមិនទាន់បានប័ណ្ណសមធម៌ទេ។",
        forum=forum,
        reporter_name="ស៊ុន សុផល",
        reporter_phone="088 765 4321",
    )
    move(
        poor,
        (
            Status.REFERRED,
            "សំណើរបស់អ្នកត្រូវបានបញ្ជូនទៅគណៈកម្មការកំណត់អត្តសញ្ញាណគ្រួសារក្រីក្រនៃឃុំ ដែលនឹងចុះសម្ភាសន៍នៅជុំទីពីរ។",
            "",
        ),
    )
    land = concern(
        Channel.VISIT,
        "land",
        villages[0],
        "ក្រុមហ៊ុនដីសម្បទានសេដ្ឋកិច្ចឈូសឆាយដីចម្ការរបស់គ្រួសារខ្ញុំ ដែលយើងធ្វើតាំងពីឆ្នាំ២០០៥។",
        visit=visits[0],
        reporter_name="ស៊ុន សុផល",
        reporter_phone="088 765 4321",
        confidential=False,
    )
    move(
        land,
        (Status.ACKNOWLEDGED, "", "គណៈកម្មការសុរិយោដីខេត្តបានពិនិត្យឯកសារ។"),
        (
            Status.NOT_SOLVABLE,
            "ដីនេះស្ថិតក្នុងដីសម្បទានដែលរាជរដ្ឋាភិបាលបានផ្តល់ ហើយរដ្ឋបាលខេត្តគ្មានសមត្ថកិច្ចកែប្រែបានទេ។"
            " ករណីនេះនឹងត្រូវសង្ខេប និងរាយការណ៍ជូនរាជរដ្ឋាភិបាល។",
            "",
        ),
    )
    school = concern(
        Channel.FORUM,
        "education",
        villages[-1],
        "សាលាបឋមសិក្សាខ្វះគ្រូបង្រៀន សិស្សមួយថ្នាក់មានជាងហុកសិបនាក់។",
        forum=forum,
        reporter_name="ឈឹម ដារ៉ា",
        reporter_phone="016 222 333",
        reporter_group=ReporterGroup.SERVICE_PROVIDER,
    )
    move(
        school,
        (Status.IN_PROGRESS, "", "ការិយាល័យអប់រំស្រុកពិនិត្យ។"),
        (Status.RESOLVED, "ការិយាល័យអប់រំបានបញ្ជូនគ្រូកិច្ចសន្យាពីររូបមកបង្រៀនចាប់ពីខែនេះ។", ""),
        (Status.CLOSED, "", "ប្រជាពលរដ្ឋបានបញ្ជាក់ថាគ្រូបានមកដល់។"),
    )
    concern_rate(concern=school, satisfied=True, reason="គ្រូមកបង្រៀនទាន់ពេល។")
    water = concern(
        Channel.VISIT,
        "water",
        villages[-1],
        "អណ្តូងទឹកស្អាតក្នុងភូមិខូចអស់ពីរខែហើយ ប្រជាពលរដ្ឋត្រូវដងទឹកអូរ។",
        visit=visits[-1],
        reporter_name="ម៉ៅ សុភា",
        reporter_phone="097 123 4567",
    )
    move(water, (Status.ACKNOWLEDGED, "បានទទួល។ មន្ត្រីនឹងចុះពិនិត្យអណ្តូងក្នុងសប្តាហ៍នេះ។", ""))
    fees = concern(
        Channel.FORUM,
        "integrity",
        villages[0],
        "មន្ត្រីទារប្រាក់ក្រៅផ្លូវការពេលធ្វើលិខិតបញ្ជាក់ និងសំបុត្រកំណើត។",
        forum=forum,
        reporter_name="ហេង ចាន់ធី",
        reporter_phone="092 555 666",
        confidential=True,
    )
    move(fees, (Status.ACKNOWLEDGED, "", "ករណីសម្ងាត់៖ អភិបាលខេត្តទទួលបន្ទុកផ្ទាល់។"))
    clinic = concern(
        Channel.FORUM,
        "health",
        villages[0],
        "មណ្ឌលសុខភាពបិទទ្វារនៅពេលយប់ ស្ត្រីសម្រាលកូនត្រូវធ្វើដំណើរទៅមន្ទីរពេទ្យខេត្ត។",
        forum=forum,
    )
    concern_route(acting_user=officer, concern=clinic, authority=orgs["health-11"], internal_note="តាមវិធានបញ្ជូន។")
    move(clinic, (Status.IN_PROGRESS, "មន្ទីរសុខាភិបាលកំពុងរៀបចំវេនយាមពេលយប់។", ""))
    # Today, from the public form: nobody has looked at it yet.
    concern(
        Channel.WEB,
        "water",
        villages[0],
        "ទឹកម៉ាស៊ីនដាច់ញឹកញាប់ក្នុងរយៈពេលមួយសប្តាហ៍នេះ។",
        reporter_name="ប៉ែន ពិសី",
        reporter_phone="010 987 654",
        received_at=timezone.now(),
    )
    # Six weeks at the One Window office without an answer: the deadline job escalates it.
    concern(
        Channel.OWSO,
        "public-services",
        villages[-1],
        "សុំលិខិតអនុញ្ញាតសាងសង់ផ្ទះ ដាក់ពាក្យយូរហើយនៅតែមិនទាន់បាន។",
        reporter_name="គឹម វិសាល",
        reporter_phone="015 444 555",
        received_at=_at(today - datetime.timedelta(days=45), 10),
    )
    escalate_overdue()
    _elsewhere(categories, wg, national_user)
    return mission


def _administered_districts() -> list[str]:
    return [
        code[len("admin-") :]
        for code in Organisation.objects.filter(code__startswith="admin-11").values_list("code", flat=True)
    ]


def _elsewhere(categories, recorder, handler) -> None:
    """Web, One Window and hotline concerns in the other provinces of the demo."""
    specs = [
        ("08", Channel.WEB, "roads", "ស្ពានឈើឆ្លងអូរជិតបាក់ សូមជួយជួសជុលជាបន្ទាន់។", []),
        (
            "14",
            Channel.OWSO,
            "civil-registration",
            "សុំកែឈ្មោះក្នុងសៀវភៅគ្រួសារ ដែលសរសេរខុស។",
            [(Status.ACKNOWLEDGED, "", "ទទួលនៅបញ្ជរ។"), (Status.RESOLVED, "បានកែឈ្មោះក្នុងសៀវភៅគ្រួសាររួចរាល់។", "")],
        ),
        (
            "10",
            Channel.HOTLINE,
            "water",
            "ប្រឡាយទឹកស្រោចស្រពខូច ស្រែរបស់ភូមិទាំងមូលខ្វះទឹក។",
            [(Status.ACKNOWLEDGED, "", "ទទួលតាមទូរស័ព្ទ។"), (Status.IN_PROGRESS, "", "មន្ទីរធនធានទឹកចុះពិនិត្យ។")],
        ),
        (
            "16",
            Channel.WEB,
            "social-protection",
            "សុំជំនួយសម្រាប់មនុស្សចាស់គ្មានទីពឹងក្នុងភូមិ។",
            [(Status.ACKNOWLEDGED, "បានទទួល ហើយនឹងចុះសួរសុខទុក្ខ។", "")],
        ),
        (
            "25",
            Channel.OWSO,
            "public-services",
            "ការិយាល័យច្រកចេញចូលតែមួយបម្រើសេវាយឺត ត្រូវរង់ចាំពេញមួយថ្ងៃ។",
            [
                (Status.ACKNOWLEDGED, "", "ទទួលនៅបញ្ជរ។"),
                (Status.RESOLVED, "ការិយាល័យបានបន្ថែមបុគ្គលិកមួយរូបនៅពេលព្រឹក។", ""),
                (Status.CLOSED, "", "បិទ។"),
            ],
        ),
    ]
    for province, channel, category, description, steps in specs:
        village = _village(province)
        if village is None:
            continue
        item = concern_create(
            acting_user=recorder if channel != Channel.WEB else None,
            channel=channel,
            category=categories[category],
            area=village,
            description=description,
            reporter_name="សុខ ដាវី",
            reporter_phone="012 000 111",
        )
        for status, public, internal in steps:
            concern_transition(
                acting_user=handler, concern=item, status=status, public_note=public, internal_note=internal
            )
        if item.status == Status.CLOSED:
            concern_rate(concern=item, satisfied=False, reason="នៅតែរង់ចាំយូរ។")


def demo_counts() -> dict[str, int]:
    return {"concerns": Concern.objects.count(), "missions": Mission.objects.count()}
