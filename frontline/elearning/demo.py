"""Online-course demo data for `make run`: an online course of the social protection programme
(seed 000) with a text, a picture, a PDF handout, a video link and a quiz, and a final quiz; one
official part-way through it (the `learner` demo account) and one who completed it.

Everything goes through the services, as people's actions would.
"""

import datetime
import io

from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from frontline.geography.models import Area
from frontline.learning.models import AssessmentKind, Programme
from frontline.learning.services.enrolment import event_enrol
from frontline.organisations.models import Organisation
from frontline.people.models import Person

from .models import Course
from .services import courses, lessons, progress

TITLE_KM = "ប្រព័ន្ធគាំពារសង្គម៖ វគ្គសិក្សាអនឡាញ"
TITLE_EN = "The social protection system: online course"

PLAN_KM = (
    "នៅថ្ងៃទី ៤ ខែមេសា ឆ្នាំ ២០២២ ក្រសួងសង្គមកិច្ច អតីតយុទ្ធជន និងយុវនីតិសម្បទា បានដាក់ឱ្យប្រើប្រាស់"
    "ផែនការយុទ្ធសាស្ត្រស្តីពីកម្លាំងពលកម្មសេវាសង្គមនៅកម្ពុជា ២០២២–២០៣១ "
    "និងបានផ្សព្វផ្សាយគោលការណ៍ណែនាំអំពីការវិនិយោគលើកម្លាំងពលកម្មសេវាសង្គម "
    "ព្រមទាំងតួនាទី និងភារកិច្ចរបស់បុគ្គលិកសេវាសង្គមថ្នាក់ក្រុង និងស្រុក។\n\n"
    "ផែនការនេះមានគោលដៅពង្រឹងសមត្ថភាព និងបង្កើនការផ្តល់សេវាសង្គម "
    "ឱ្យមានកម្មករសង្គម ឬកម្មករសង្គមរងយ៉ាងតិចពីរនាក់ក្នុងមួយឃុំ។"
)
PLAN_EN = (
    "On 4 April 2022 the Ministry of Social Affairs, Veterans and Youth Rehabilitation launched the "
    "Strategic Plan on the Social Services Workforce in Cambodia 2022-2031, and disseminated guidelines on "
    "investing in the social service workforce and on the roles and responsibilities of social service "
    "workers at town and district level.\n\n"
    "The plan aims to strengthen capabilities and increase the provision of social services, with at least "
    "two social workers or deputy social workers in every commune."
)
COMMUNE_KM = "ឃុំនីមួយៗត្រូវការកម្មករសង្គម ឬកម្មករសង្គមរងយ៉ាងតិចពីរនាក់ ដើម្បីតាមដាន និងជួយគ្រួសារងាយរងគ្រោះឱ្យបានទាន់ពេលវេលា។"
COMMUNE_EN = (
    "Every commune needs at least two social workers or deputy social workers, to follow up and help "
    "vulnerable families in time."
)
TRAITS_KM = (
    "ដើម្បីអនុវត្តកម្មវិធីគាំពារសង្គមឱ្យបានជោគជ័យ និងដោះស្រាយបញ្ហារបស់ប្រជាពលរដ្ឋឱ្យបានគ្រប់គ្រាន់ "
    "និងទាន់ពេលវេលា មន្ត្រីគ្រប់ថ្នាក់ត្រូវមានគុណភាព ភាពច្បាស់លាស់ ភាពប្រាកដនិយម ភាពបត់បែន "
    "និងការប្រាស្រ័យទាក់ទងទាន់ពេលវេលា។ ឯកសារនេះសង្ខេបលក្ខណៈទាំងប្រាំនេះ។"
)
TRAITS_EN = (
    "To carry out social protection programmes successfully and solve citizens' problems adequately and in "
    "time, officials at all levels need quality, clarity, realism, flexibility and timely communication. "
    "This handout sums up those five traits."
)
VIDEO_KM = "វីដេអូអំពីប្រព័ន្ធគាំពារសង្គមនៅកម្ពុជា។ សូមមើលនៅពេលមានអ៊ីនធឺណិតល្អ ព្រោះវាប្រើទិន្នន័យច្រើន។"
VIDEO_EN = "Videos on Cambodia's social protection system. Watch them on a good connection: they use a lot of data."
VIDEO_URL = "https://www.youtube.com/results?search_query=social+protection+Cambodia"


def seed_elearning_demo() -> Person | None:
    """The course and its two learners; returns the official part-way through (the demo learner)."""
    programme = Programme.objects.filter(code="social-protection-frameworks").first()
    if programme is None:
        return None
    existing = Course.objects.filter(programme=programme).first()
    learner = _learner()
    if existing is not None:
        return learner  # already loaded: `make run` reuses its database
    course = courses.course_create(
        acting_user=None,
        programme=programme,
        organiser=Organisation.objects.get(code="mosvy-dsw"),
        area=Area.objects.get(code="12"),  # the ministry's seat, where the course is counted
        open_until=timezone.localdate() + datetime.timedelta(days=365),
        title_km=TITLE_KM,
        title_en=TITLE_EN,
        summary_km="វគ្គសិក្សាដោយខ្លួនឯងតាមទូរស័ព្ទ៖ ក្របខ័ណ្ឌនៃប្រព័ន្ធគាំពារសង្គម ផែនការកម្លាំងពលកម្មសេវាសង្គម និងតួនាទីរបស់មន្ត្រីជួរមុខ។",
        summary_en="Self-paced, on a phone: the frameworks of the social protection system, the social services "
        "workforce plan and the role of front-line officials.",
        nationwide=True,
        final_question_count=5,
    )
    _lessons(course)
    courses.course_publish(acting_user=None, course=course)
    _study(course, learner, lessons_done=2)
    finisher = Person.objects.officials().filter(organisation__code="dosvy-08").order_by("-id").first()
    if finisher is not None:
        _study(course, finisher, lessons_done=None, final=True)
    return learner


def _learner() -> Person | None:
    """An official of Mondulkiri's social affairs department, signed in as `learner`."""
    return Person.objects.officials().filter(organisation__code="dosvy-11").order_by("-id").first()


def _lessons(course: Course) -> None:
    add = lessons.lesson_add
    add(
        acting_user=None,
        course=course,
        kind="text",
        title_km="ផែនការយុទ្ធសាស្ត្រកម្លាំងពលកម្មសេវាសង្គម ២០២២–២០៣១",
        title_en="The Strategic Plan on the Social Services Workforce 2022-2031",
        body_km=PLAN_KM,
        body_en=PLAN_EN,
    )
    add(
        acting_user=None,
        course=course,
        kind="image",
        title_km="កម្មករសង្គមពីរនាក់ក្នុងមួយឃុំ",
        title_en="Two social workers per commune",
        body_km=COMMUNE_KM,
        body_en=COMMUNE_EN,
        image=SimpleUploadedFile("commune.png", _commune_picture(), content_type="image/png"),
    )
    add(
        acting_user=None,
        course=course,
        kind="pdf",
        title_km="លក្ខណៈប្រាំរបស់មន្ត្រីជួរមុខ",
        title_en="Five traits of front-line officials",
        body_km=TRAITS_KM,
        body_en=TRAITS_EN,
        document=SimpleUploadedFile("traits.pdf", _traits_handout(), content_type="application/pdf"),
    )
    add(
        acting_user=None,
        course=course,
        kind="video",
        title_km="វីដេអូ៖ ប្រព័ន្ធគាំពារសង្គម",
        title_en="Video: the social protection system",
        body_km=VIDEO_KM,
        body_en=VIDEO_EN,
        video_url=VIDEO_URL,
    )
    add(
        acting_user=None,
        course=course,
        kind="quiz",
        title_km="សំណួរសាកល្បង",
        title_en="Practice quiz",
        questions=list(course.programme.question_banks.first().questions.order_by("order")[:2]),
    )


def _study(course: Course, person: Person, *, lessons_done: int | None, final: bool = False) -> None:
    """Enrolled by the organiser (as a unit would put an official forward), then studying."""
    enrolment = event_enrol(acting_user=None, event=course.event, person=person)
    for lesson in list(course.lessons.order_by("order"))[:lessons_done]:
        if lesson.kind == "quiz":
            answers = {q.pk: q.choices.get(is_correct=True).pk for q in lesson.questions.all()}
            progress.quiz_submit(acting_user=None, enrolment=enrolment, lesson=lesson, answers=answers)
        else:
            progress.lesson_complete(acting_user=None, enrolment=enrolment, lesson=lesson)
    if final:
        test = course.event.tests.get(kind=AssessmentKind.POST)
        answers = {q.pk: q.choices.get(is_correct=True).pk for q in test.questions.all()}
        progress.final_quiz_submit(acting_user=None, enrolment=enrolment, answers=answers)


def _commune_picture() -> bytes:
    """A plain drawing: a commune office with two social workers beside it."""
    from PIL import Image, ImageDraw

    picture = Image.new("RGB", (960, 540), (245, 247, 250))
    draw = ImageDraw.Draw(picture)
    draw.polygon([(300, 250), (480, 120), (660, 250)], fill=(29, 58, 110))
    draw.rectangle([(330, 250), (630, 440)], fill=(232, 238, 248), outline=(29, 58, 110), width=6)
    draw.rectangle([(450, 330), (510, 440)], fill=(29, 58, 110))
    for x in (150, 810):
        draw.ellipse([(x - 35, 250), (x + 35, 320)], fill=(240, 180, 41))
        draw.rounded_rectangle([(x - 55, 330), (x + 55, 460)], radius=30, fill=(30, 107, 58))
    draw.rectangle([(0, 470), (960, 540)], fill=(214, 220, 229))
    buffer = io.BytesIO()
    picture.save(buffer, "PNG")
    return buffer.getvalue()


def _traits_handout() -> bytes:
    """A one-page bilingual handout, shaped by WeasyPrint with the app's Khmer font."""
    from weasyprint import HTML

    from frontline.core.text import breakable_khmer
    from frontline.learning.certificates import FONT_DIR

    traits = [
        ("គុណភាព", "Quality"),
        ("ភាពច្បាស់លាស់", "Clarity"),
        ("ភាពប្រាកដនិយម", "Realism"),
        ("ភាពបត់បែន", "Flexibility"),
        ("ការប្រាស្រ័យទាក់ទងទាន់ពេលវេលា", "Timely communication"),
    ]
    items = "".join(f"<li>{km} · {en}</li>" for km, en in traits)
    font = f"{FONT_DIR.as_uri()}/noto-sans-khmer-khmer-400-normal.woff2"
    html = f"""<!doctype html><html lang="km"><head><meta charset="utf-8"><style>
      @font-face {{ font-family: "Noto Sans Khmer"; src: url("{font}"); }}
      body {{ font-family: "Noto Sans Khmer", "DejaVu Sans", sans-serif; font-size: 13pt; line-height: 1.7; }}
      h1 {{ font-size: 18pt; color: #1d3a6e; }}
    </style></head><body>
      <h1>{breakable_khmer("លក្ខណៈប្រាំរបស់មន្ត្រីជួរមុខ")}<br>Five traits of front-line officials</h1>
      <p>{breakable_khmer(TRAITS_KM)}</p><p>{TRAITS_EN}</p><ol>{items}</ol>
    </body></html>"""
    return HTML(string=html).write_pdf()
