"""Trainers and their qualifications; the qualification check behind trainer assignments."""

import datetime

from django.utils.translation import gettext as _

from frontline.audit.context import service

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
