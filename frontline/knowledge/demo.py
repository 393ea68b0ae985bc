"""Knowledge-library demo data for `make run`, from the articles in ../shared/seeds: the One Window
Service Units of the School of Governance (seed 004), commune social workers (seed 000), a
leadership example from the Mondulkiri training (seed 000) and, as a draft awaiting an
organiser, digital services from SoG phase II (seed 004).
"""

from frontline.learning.models import Competency, Programme
from frontline.organisations.models import Organisation

from .models import Practice
from .services import practice_create, practice_publish

PRACTICES = [
    {
        "unit": "moi",
        "kind": "good_practice",
        "publish": True,
        "competencies": ["one-window", "integrity"],
        "programmes": ["school-of-governance"],
        "title_km": "ការិយាល័យច្រកចេញចូលតែមួយ នៅរាជធានី និងខេត្ត",
        "title_en": "One Window Service Units in the capital and provinces",
        "summary_km": "សាលាអភិបាលកិច្ចដំណាក់កាលទី ១ បានបង្កើតអង្គភាពច្រកចេញចូលតែមួយ នៅរាជធានី និងខេត្ត "
        "ហើយបានបំពាក់មន្ត្រីរាជការដែលទទួលការបណ្តុះបណ្តាលបន្ថែមលើការផ្តល់សេវាសាធារណៈ។",
        "summary_en": "Phase I of the School of Governance set up One Window Service Units in the capital and "
        "provinces, staffed with civil servants given enhanced training in providing public services.",
        "body_km": "ក្រសួងមហាផ្ទៃ និងអង្គការតម្លាភាពកម្ពុជា បានចុះអនុស្សរណៈនៃការយោគយល់គ្នាលើកដំបូងក្នុងឆ្នាំ ២០១៦ "
        "សម្រាប់សាលាអភិបាលកិច្ចដំណាក់កាលទី ១។ ក្នុងរយៈពេលប្រាំឆ្នាំ គម្រោងនេះបានបង្កើតអង្គភាពច្រកចេញចូលតែមួយ "
        "នៅរាជធានី និងខេត្ត ហើយបានផ្តល់ការបណ្តុះបណ្តាលលើអភិបាលកិច្ច និងសេវាសាធារណៈ ដល់ក្រុមគោលដៅ ៥២ "
        "ដែលមានមន្ត្រី និងបុគ្គលិករាជការជិត ១.០០០ នាក់។\n\n"
        "អ្វីដែលអង្គភាពផ្សេងទៀតអាចយកទៅអនុវត្ត៖ ប្រមូលសេវារដ្ឋបាលមកនៅកន្លែងតែមួយ "
        "បណ្តុះបណ្តាលមន្ត្រីដែលបម្រើការនៅទីនោះ និងតាមដានការផ្តល់សេវាជាប្រចាំនៅថ្នាក់មូលដ្ឋាន។",
        "body_en": "The Ministry of Interior and Transparency International Cambodia signed the first MoU in 2016, "
        "for School of Governance phase I. Over five years it set up One Window Service Units in the capital "
        "and provinces and gave training in governance and public service to 52 target groups, nearly 1,000 "
        "officials and government employees.\n\n"
        "What other units can take from it: bring administrative services to one place, train the officials "
        "who serve there, and monitor service provision regularly at local level.",
    },
    {
        "unit": "mosvy-dsw",
        "kind": "good_practice",
        "publish": True,
        "competencies": ["case-management"],
        "programmes": ["social-protection-frameworks"],
        "title_km": "កម្មករសង្គមយ៉ាងតិចពីរនាក់ក្នុងមួយឃុំ",
        "title_en": "At least two social workers in every commune",
        "summary_km": "ផែនការយុទ្ធសាស្ត្រកម្លាំងពលកម្មសេវាសង្គម ២០២២–២០៣១ កំណត់គោលដៅឱ្យមានកម្មករសង្គម ឬកម្មករសង្គមរងយ៉ាងតិចពីរនាក់ក្នុងមួយឃុំ។",
        "summary_en": "The Strategic Plan on the Social Services Workforce 2022-2031 aims for at least two social "
        "workers or deputy social workers in every commune.",
        "body_km": "ក្រសួងសង្គមកិច្ច អតីតយុទ្ធជន និងយុវនីតិសម្បទា បានដាក់ឱ្យប្រើប្រាស់ផែនការនេះនៅថ្ងៃទី ៤ ខែមេសា "
        "ឆ្នាំ ២០២២ ព្រមទាំងគោលការណ៍ណែនាំអំពីតួនាទី និងភារកិច្ចរបស់បុគ្គលិកសេវាសង្គមថ្នាក់ក្រុង និងស្រុក។\n\n"
        "រដ្ឋបាលខេត្ត និងស្រុកអាចតាមដានឃុំនីមួយៗ ថាតើមានកម្មករសង្គមគ្រប់ចំនួនឬនៅ "
        "ហើយដាក់មន្ត្រីទៅវគ្គបណ្តុះបណ្តាលគាំពារសង្គមតាមតម្រូវការ។",
        "body_en": "The Ministry of Social Affairs, Veterans and Youth Rehabilitation launched the plan on "
        "4 April 2022, with guidelines on the roles and responsibilities of social service workers at town and "
        "district level.\n\n"
        "Provincial and district administrations can follow each commune against the target and put officials "
        "forward for the social protection training where workers are missing.",
    },
    {
        "unit": "mosvy-dsw",
        "kind": "leadership",
        "publish": True,
        "competencies": ["leading-teams"],
        "programmes": ["social-protection-frameworks", "rsa-leadership"],
        "title_km": "ការដឹកនាំនៅជួរមុខ៖ ភាពប្រាកដនិយម ការទទួលខុសត្រូវ និងឆន្ទៈ",
        "title_en": "Leading at the front line: realism, responsibility and will",
        "summary_km": "នៅវគ្គបណ្តុះបណ្តាលនៅខេត្តមណ្ឌលគិរី នាយកសុខុមាលភាពសង្គមបានរំលឹកថា "
        "ការអនុវត្តកម្មវិធីនីមួយៗឱ្យបានជោគជ័យ ចាប់ផ្តើមពីភាពប្រាកដនិយម ការទទួលខុសត្រូវ និងឆន្ទៈ "
        "តាមតួនាទីរបស់មន្ត្រីជួរមុខ។",
        "summary_en": "At the Mondulkiri training, the director of social welfare reminded participants that every "
        "programme succeeds through realism, responsibility and will, in the roles of front-line officials.",
        "body_km": "លោក ឈួរ សុភ័ណ្ឌា នាយកសុខុមាលភាពសង្គម បានស្នើឱ្យសិក្ខាកាមយកចិត្តទុកដាក់រៀនមូលដ្ឋានគ្រឹះនៃខ្លឹមសារ "
        "ហើយយកទៅអនុវត្តក្នុងការងារ។ មន្ត្រីគ្រប់ថ្នាក់ត្រូវមានគុណភាព ភាពច្បាស់លាស់ ភាពប្រាកដនិយម ភាពបត់បែន "
        "និងការប្រាស្រ័យទាក់ទងទាន់ពេលវេលា ដើម្បីដោះស្រាយបញ្ហារបស់ប្រជាពលរដ្ឋឱ្យបានគ្រប់គ្រាន់ និងទាន់ពេល។",
        "body_en": "Chhour Sopanha, director of social welfare, asked the trainees to learn the fundamentals of "
        "the content and put them into practice at work. Officials at all levels need quality, clarity, "
        "realism, flexibility and timely communication to solve citizens' problems adequately and in time.",
    },
    {
        "unit": "moi",
        "kind": "innovation",
        "publish": False,  # awaiting an organiser's review
        "competencies": ["one-window"],
        "programmes": ["school-of-governance"],
        "title_km": "សេវាសាធារណៈតាមប្រព័ន្ធឌីជីថល",
        "title_en": "Public services delivered digitally",
        "summary_km": "សាលាអភិបាលកិច្ចដំណាក់កាលទី ២ ផ្តោតលើការផ្តល់សេវាតាមប្រព័ន្ធឌីជីថល ដើម្បីកាត់បន្ថយការជួបផ្ទាល់ "
        "និងធ្វើឱ្យការងារកាន់តែមានប្រសិទ្ធភាព។",
        "summary_en": "School of Governance phase II focuses on providing services digitally, to reduce in-person "
        "contact and make everything more efficient.",
        "body_km": "",
        "body_en": "",
    },
]


def seed_knowledge_demo() -> None:
    if Practice.objects.exists():
        return  # already loaded: `make run` reuses its database
    for spec in PRACTICES:
        spec = dict(spec)
        publish = spec.pop("publish")
        unit = Organisation.objects.filter(code=spec.pop("unit")).first()
        if unit is None:
            continue
        practice = practice_create(
            acting_user=None,
            unit=unit,
            competencies=list(Competency.objects.filter(code__in=spec.pop("competencies"))),
            programmes=list(Programme.objects.filter(code__in=spec.pop("programmes"))),
            **spec,
        )
        if publish:
            practice_publish(acting_user=None, practice=practice)
