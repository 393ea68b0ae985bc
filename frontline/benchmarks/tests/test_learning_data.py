import pytest

from frontline.benchmarks.learning_bench import _showcase_event, learning_documents
from frontline.benchmarks.learning_data import generate_learning, generated_events, wipe_learning
from frontline.benchmarks.national import generate
from frontline.learning.models import Enrolment, EventContribution, Rollup, TrainingEvent
from frontline.learning.rollups import contribution

pytestmark = pytest.mark.django_db(transaction=True)


def test_generated_training_matches_what_the_services_keep(areas):
    generate(600, out=lambda line: None)
    generate_learning(30, 300, out=lambda line: None)
    assert generated_events() == 30
    showcase = _showcase_event()
    assert showcase.enrolments.count() == 60 == showcase.enrolled_count
    for event in TrainingEvent.objects.all()[:10]:
        assert event.enrolled_count == event.enrolments.count()
        assert event.completed_count == event.enrolments.filter(completed=True).count()
        assert {e.province_code for e in event.enrolments.all()} <= {event.province_code}
        stored = EventContribution.objects.filter(event=event).first()
        expected = contribution(event)
        assert (stored.rows if stored else []) == [
            [*k, {m: v for m, v in vals.items() if v}] for k, vals in expected.items()
        ]
    national = Rollup.objects.filter(dimension="area", key="").exclude(level="", sex="")
    completed = Enrolment.objects.filter(completed=True, event__status__in=("completed", "reported")).count()
    assert sum(row.completed for row in national) == completed
    from frontline.accounts.models import RoleAssignment, User

    RoleAssignment.objects.create(user=User.objects.create(username="bench-national"), role="national_admin")
    documents = learning_documents()
    assert "certificate PDF" in documents and "participant import" in documents
    wipe_learning()
    assert generated_events() == 0 and Rollup.objects.count() == 0
