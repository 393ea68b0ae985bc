"""Programmes, partners, phases, curricula and the reference lists they draw on."""

from django.core.exceptions import ValidationError
from django.db.models import Max
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from frontline.audit.context import service
from frontline.core.formatting import format_number, localized
from frontline.core.text import search_document

from ..models import (
    Competency,
    CurriculumModule,
    CurriculumVersion,
    EventTrainer,
    Programme,
    ProgrammePartner,
    ProgrammePhase,
    TrainingEvent,
)
from ._common import refuse, save_clean
from .trainers import subject_names, unqualified_assignments

PROGRAMME_FIELDS = (
    "code",
    "title_km",
    "title_en",
    "summary_km",
    "summary_en",
    "institution",
    "min_attendance_pct",
    "requires_post_test",
    "pass_mark_pct",
    "is_active",
)
PROGRAMME_LISTS = ("competencies", "target_groups", "required_subjects")


def _derive_programme(programme: Programme) -> None:
    programme.owner_path = programme.institution.path
    programme.owner_area_code = programme.institution.area_code
    programme.search_text = search_document(programme.title_km, programme.title_en, programme.code)


def _set_lists(programme: Programme, lists: dict) -> None:
    for name in PROGRAMME_LISTS:
        if name in lists:
            getattr(programme, name).set(lists[name])


@service
def programme_create(*, acting_user, **fields) -> Programme:
    lists = {name: fields.pop(name) for name in PROGRAMME_LISTS if name in fields}
    programme = Programme(**{name: value for name, value in fields.items() if name in PROGRAMME_FIELDS})
    _derive_programme(programme)
    save_clean(programme)
    _set_lists(programme, lists)
    return programme


def _check_trainers_keep_qualified(programme: Programme, required, acting_user) -> None:
    """New required qualifications must not leave a trainer of an event still to come (or
    running) teaching without one, unless an exception is recorded for them on that event.
    Every such event counts, but the refusal names only the trainers of events the user may
    see (the system itself, acting_user None, sees all); the others it counts. Checked before
    anything is saved, so a refusal changes nothing."""
    from .events import ENROLLING

    coming = EventTrainer.objects.filter(event__programme=programme, event__status__in=ENROLLING)
    coming = coming.order_by("event__start_date", "id")
    unqualified = list(unqualified_assignments(coming, programme, required=required))
    if not unqualified:
        return
    named = {assignment.event_id for assignment, _missing in unqualified}
    if acting_user is not None:
        named = set(TrainingEvent.objects.visible_to(acting_user).filter(pk__in=named).values_list("pk", flat=True))
    problems = [
        ValidationError(
            _(
                "%(trainer)s, a trainer of %(event)s, holds no valid qualification in %(subjects)s: record "
                "an exception on that event or assign another trainer first."
            )
            % {
                "trainer": assignment.trainer.person.display_name,
                "event": localized(assignment.event, "title"),
                "subjects": subject_names(missing),
            },
            code="trainer_unqualified_for_programme",
        )
        for assignment, missing in unqualified
        if assignment.event_id in named
    ]
    unseen = len(unqualified) - len(problems)
    if unseen:
        problems.append(
            ValidationError(
                ngettext(
                    "%(n)s more trainer, of an event outside your scope, lacks a qualification this would require.",
                    "%(n)s more trainers, of events outside your scope, lack a qualification this would require.",
                    unseen,
                )
                % {"n": format_number(unseen)},
                code="trainer_unqualified_for_programme",
            )
        )
    raise ValidationError({"required_subjects": problems})


@service
def programme_update(*, acting_user, programme: Programme, **fields) -> Programme:
    lists = {name: fields.pop(name) for name in PROGRAMME_LISTS if name in fields}
    if "required_subjects" in lists:
        _check_trainers_keep_qualified(programme, lists["required_subjects"], acting_user)
    for name, value in fields.items():
        if name not in PROGRAMME_FIELDS or name == "code":
            raise ValueError(f"{name} cannot be changed here")
        setattr(programme, name, value)
    _derive_programme(programme)
    save_clean(programme)
    _set_lists(programme, lists)
    return programme


@service
def partner_add(*, acting_user, programme: Programme, **fields) -> ProgrammePartner:
    return save_clean(ProgrammePartner(programme=programme, **fields))


@service
def phase_add(*, acting_user, programme: Programme, **fields) -> ProgrammePhase:
    number = (programme.phases.aggregate(last=Max("number"))["last"] or 0) + 1
    return save_clean(ProgrammePhase(programme=programme, number=fields.pop("number", number), **fields))


@service
def curriculum_version_create(
    *, acting_user, programme: Programme, effective_from, notes: str = "", copy_from: CurriculumVersion | None = None
) -> CurriculumVersion:
    """A new version, numbered after the last; its modules copied from `copy_from` if given."""
    if copy_from is not None and copy_from.programme_id != programme.pk:
        raise refuse("copy_from", _("Copy a version of the same programme."), "version_programme")
    number = (programme.versions.aggregate(last=Max("number"))["last"] or 0) + 1
    version = save_clean(
        CurriculumVersion(programme=programme, number=number, effective_from=effective_from, notes=notes)
    )
    if copy_from is not None:
        for module in copy_from.modules.prefetch_related("competencies"):
            competencies = list(module.competencies.all())
            module.pk = None
            module.version = version
            save_clean(module)
            module.competencies.set(competencies)
    return version


def _ensure_editable(version: CurriculumVersion) -> None:
    if version.events.exists():
        raise refuse(
            None,
            _("An event has taught this version, so it can no longer change: make a new version instead."),
            "version_taught",
        )


@service
def module_add(*, acting_user, version: CurriculumVersion, competencies=(), **fields) -> CurriculumModule:
    _ensure_editable(version)
    order = (version.modules.aggregate(last=Max("order"))["last"] or 0) + 1
    module = save_clean(CurriculumModule(version=version, order=fields.pop("order", order), **fields))
    module.competencies.set(competencies)
    return module


@service
def module_update(*, acting_user, module: CurriculumModule, competencies=None, **fields) -> CurriculumModule:
    _ensure_editable(module.version)
    save_clean(module, **fields)
    if competencies is not None:
        module.competencies.set(competencies)
    return module


@service
def module_remove(*, acting_user, module: CurriculumModule) -> None:
    _ensure_editable(module.version)
    module.delete()


@service
def competency_save(*, acting_user, competency: Competency | None = None, **fields) -> Competency:
    competency = competency or Competency()
    for name, value in fields.items():
        setattr(competency, name, value)
    competency.search_text = search_document(
        competency.name_km, competency.name_en, competency.code, competency.description_km, competency.description_en
    )
    return save_clean(competency)
