"""Capacity development, by sub-domain: catalogue, programmes, trainers, events, enrolment,
assessment, certificates."""

from .assessment import (
    AnswerSheet,
    AssessmentKind,
    Choice,
    Evaluation,
    EventTest,
    FollowUp,
    Question,
    QuestionBank,
    TrainerRating,
)
from .catalogue import Competency, CompetencyDomain, PositionProfile, QualificationSubject, TargetGroup
from .certificates import Certificate
from .enrolment import AttendanceMark, Enrolment, EnrolmentStatus, MarkMethod
from .events import (
    BudgetLine,
    CostCategory,
    EventQuota,
    EventSession,
    EventStatus,
    EventTrainer,
    SessionPart,
    SessionStatus,
    TrainerRole,
    TrainingEvent,
    event_scope,
)
from .impact import IndicatorValue, PerformanceIndicator
from .planning import (
    NeedItem,
    NeedsAssessment,
    NeedsStatus,
    PlanItem,
    PlanStatus,
    Priority,
    StrategicPlan,
    StrategicTarget,
    TrainingPlan,
)
from .programmes import (
    CurriculumModule,
    CurriculumVersion,
    DeliveryMode,
    PartnerRole,
    Programme,
    ProgrammePartner,
    ProgrammePhase,
)
from .rollups import Dimension, EventContribution, Rollup, UnitCoverage
from .trainers import Trainer, TrainerQualification

# Every model whose changes the audit log records.
AUDITED = [
    CompetencyDomain,
    Competency,
    TargetGroup,
    QualificationSubject,
    PositionProfile,
    Programme,
    ProgrammePartner,
    ProgrammePhase,
    CurriculumVersion,
    CurriculumModule,
    Trainer,
    TrainerQualification,
    TrainingEvent,
    EventQuota,
    EventSession,
    BudgetLine,
    EventTrainer,
    Enrolment,
    AttendanceMark,
    QuestionBank,
    Question,
    Choice,
    EventTest,
    AnswerSheet,
    Evaluation,
    TrainerRating,
    FollowUp,
    Certificate,
    NeedsAssessment,
    NeedItem,
    TrainingPlan,
    PlanItem,
    StrategicPlan,
    StrategicTarget,
    PerformanceIndicator,
    IndicatorValue,
]

__all__ = [model.__name__ for model in AUDITED] + [
    "DeliveryMode",
    "PartnerRole",
    "EventStatus",
    "SessionPart",
    "SessionStatus",
    "CostCategory",
    "TrainerRole",
    "EnrolmentStatus",
    "MarkMethod",
    "AssessmentKind",
    "event_scope",
    "AUDITED",
    "Dimension",
    "EventContribution",
    "Rollup",
    "UnitCoverage",
    "NeedsStatus",
    "PlanStatus",
    "Priority",
]
