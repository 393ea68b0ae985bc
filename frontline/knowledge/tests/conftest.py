"""Knowledge-library fixtures: practices of several units, published and drafts."""

import pytest

from frontline.elearning.tests.conftest import pdf_upload, png_upload
from frontline.knowledge.services import practice_create, practice_publish
from frontline.learning.tests import conftest as learning_fixtures

# The programme and competency practices link to, from learning's fixtures.
competency, programme, rsa, subject = (
    learning_fixtures.competency,
    learning_fixtures.programme,
    learning_fixtures.rsa,
    learning_fixtures.subject,
)


@pytest.fixture(autouse=True)
def _uploads_in_a_temporary_directory(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"


def share(unit, title_km, title_en, *, publish=False, **extra):
    practice = practice_create(
        acting_user=None,
        unit=unit,
        kind=extra.pop("kind", "good_practice"),
        title_km=title_km,
        title_en=title_en,
        summary_km=extra.pop("summary_km", title_km),
        summary_en=extra.pop("summary_en", title_en),
        **extra,
    )
    if publish:
        practice_publish(acting_user=None, practice=practice)
    return practice


@pytest.fixture
def library(orgs, competency, programme):
    """Mondulkiri's one-window office (published, a PDF), its draft (a picture), a district's
    draft, Kandal's draft and the Ministry of Interior's leadership example (published)."""
    return {
        "mk_pub": share(
            orgs["dosvy-11"],
            "ការិយាល័យច្រកចេញចូលតែមួយផ្តល់សេវាទាន់ពេល",
            "One Window Service Office answers on time",
            publish=True,
            body_km="ការិយាល័យច្រកចេញចូលតែមួយបានកាត់បន្ថយពេលរង់ចាំពីប្រាំថ្ងៃមកត្រឹមពីរថ្ងៃ។",
            body_en="The one window office cut waiting from five days to two.",
            competencies=[competency],
            programmes=[programme],
            attachment=pdf_upload(),
        ),
        "mk_draft": share(
            orgs["dosvy-11"], "កម្មករសង្គមឃុំ", "Commune social workers", kind="innovation", attachment=png_upload(60, 40)
        ),
        "district_draft": share(orgs["admin-1101"], "ការប្រជុំសាធារណៈ", "Public forums"),
        "kandal_draft": share(orgs["dosvy-08"], "ការតាមដានគ្រួសារ", "Following up families"),
        "moi_pub": share(
            orgs["moi"], "ភាពជាអ្នកដឹកនាំក្នុងរដ្ឋបាល", "Leadership in administration", kind="leadership", publish=True
        ),
    }
