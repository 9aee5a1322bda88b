"""The campaigns' models, as Django loads them (app label "campaigns"): each area keeps its own in
its package (activities, visits, publicity, antifraud, targets, evidence, creation,
assessment); this module gathers them."""

from campaigns.activities.models import (
    Activity,
    ActivityAttachment,
    ActivityAttendee,
    ActivityKind,
    ActivityPhoto,
    AttachmentKind,
)
from campaigns.antifraud.models import AntiFraudCoverage, AntiFraudStatus
from campaigns.assessment.models import (
    AssessmentIndicator,
    EvidenceKind,
    ScoreEvidence,
    SelfScore,
)
from campaigns.creation.models import (
    Demonstration,
    DemonstrationLevel,
    DemonstrationStatus,
    DocumentKind,
    GroupMember,
    GroupRole,
    LeadershipGroup,
    WorkDocument,
    WorkDocumentFile,
)
from campaigns.evidence.models import EvidencePack, EvidenceRecord, EvidenceStatus
from campaigns.office_wide import OfficeOrCommunity
from campaigns.publicity.models import Publicity, PublicityKind
from campaigns.targets.models import MEETING_KINDS, PERCENT_INDICATORS, Indicator, Target
from campaigns.visits.models import Visit, VisitPurpose

__all__ = [
    "MEETING_KINDS",
    "PERCENT_INDICATORS",
    "Activity",
    "ActivityAttachment",
    "ActivityAttendee",
    "ActivityKind",
    "ActivityPhoto",
    "AntiFraudCoverage",
    "AntiFraudStatus",
    "AssessmentIndicator",
    "AttachmentKind",
    "Demonstration",
    "DemonstrationLevel",
    "DemonstrationStatus",
    "DocumentKind",
    "EvidenceKind",
    "EvidencePack",
    "EvidenceRecord",
    "EvidenceStatus",
    "GroupMember",
    "GroupRole",
    "Indicator",
    "LeadershipGroup",
    "OfficeOrCommunity",
    "Publicity",
    "PublicityKind",
    "ScoreEvidence",
    "SelfScore",
    "Target",
    "Visit",
    "VisitPurpose",
    "WorkDocument",
    "WorkDocumentFile",
]
