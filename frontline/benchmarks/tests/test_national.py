import pytest

from frontline.benchmarks.national import generate, generated_count, wipe
from frontline.core.models import Tally
from frontline.people.models import Person, Post
from frontline.people.services import _derive
from frontline.people.tallies import officials_recount

pytestmark = pytest.mark.django_db(transaction=True)


def test_generated_rows_match_what_the_services_would_write(areas):
    result = generate(300, out=lambda line: None)
    assert result["officials"] == 300 and generated_count() == 300
    assert Post.objects.filter(end_date__isnull=True).count() == 300
    for person in Person.objects.select_related("organisation")[:50]:
        stored = (person.search_text, person.name_sort, person.area_code, person.org_path)
        _derive(person)
        assert (person.search_text, person.name_sort) == stored[:2]
        assert person.area_code == person.organisation.area_code == stored[2]
        assert person.org_path == person.organisation.path == stored[3]
        assert person.created_at.year == 2025
    kept = {(t.metric, t.key): t.value for t in Tally.objects.all()}
    officials_recount()
    assert kept == {(t.metric, t.key): t.value for t in Tally.objects.all()}
    assert kept[("officials.area", "")] == 300
    wipe()
    assert generated_count() == 0 and Person.objects.count() == 0
