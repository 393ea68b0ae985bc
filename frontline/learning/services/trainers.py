"""Trainers and their qualifications; the qualification check behind trainer assignments."""

import datetime

from django.utils.translation import gettext as _

from frontline.audit.context import service
from frontline.core.formatting import localized

from ..models import Programme, Trainer, TrainerQualification
from ._common import refuse, save_clean


@service
def trainer_register(*, acting_user, person, institution=None) -> Trainer:
    if Trainer.objects.filter(person=person).exists():
        raise refuse("person", _("This person is already a trainer."), "trainer_exists")
    return save_clean(Trainer(person=person, institution=institution))


@service
def qualification_add(*, acting_user, trainer: Trainer, **fields) -> TrainerQualification:
    return save_clean(TrainerQualification(trainer=trainer, **fields))


def missing_subjects(
    trainer: Trainer,
    programme: Programme,
    first_day: datetime.date,
    last_day: datetime.date | None = None,
    *,
    required=None,
) -> list:
    """The subjects the programme requires (or `required`, the subjects it is about to require)
    that the trainer holds no qualification in valid from `first_day` through `last_day` (the
    event's first and last days)."""
    last_day = last_day or first_day
    held = {q.subject_id for q in trainer.qualifications.all() if q.covers(first_day) and q.covers(last_day)}
    subjects = programme.required_subjects.all() if required is None else required
    return [subject for subject in subjects if subject.pk not in held]


def unqualified_assignments(assignments, programme: Programme, *, required=None, days=None):
    """(assignment, subjects missing) for each of the assignments, with no recorded exception,
    whose trainer lacks a subject the programme requires (or `required`) on the days of its
    event, or on `days` (first, last) when given. The subjects are read once for all."""
    required = list(programme.required_subjects.all() if required is None else required)
    unexcused = assignments.filter(exception_reason="").select_related("trainer__person", "event")
    for assignment in unexcused.prefetch_related("trainer__qualifications"):
        first_day, last_day = days or (assignment.event.start_date, assignment.event.end_date)
        missing = missing_subjects(assignment.trainer, programme, first_day, last_day, required=required)
        if missing:
            yield assignment, missing


def subject_names(subjects) -> str:
    return ", ".join(localized(subject) for subject in subjects)
