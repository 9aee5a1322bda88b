"""Campaigns models, one module per concern: activities, visits, publicity, anti-fraud app
coverage and yearly targets."""

from campaigns.models.activities import (
    Activity,
    ActivityAttachment,
    ActivityAttendee,
    ActivityKind,
    ActivityPhoto,
    AttachmentKind,
)
from campaigns.models.antifraud import AntiFraudCoverage, AntiFraudStatus
from campaigns.models.base import OfficeOrCommunity
from campaigns.models.evidence import EvidencePack, EvidenceRecord, EvidenceStatus
from campaigns.models.publicity import Publicity, PublicityKind
from campaigns.models.targets import MEETING_KINDS, PERCENT_INDICATORS, Indicator, Target
from campaigns.models.visits import Visit, VisitPurpose

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
    "AttachmentKind",
    "EvidencePack",
    "EvidenceRecord",
    "EvidenceStatus",
    "Indicator",
    "OfficeOrCommunity",
    "Publicity",
    "PublicityKind",
    "Target",
    "Visit",
    "VisitPurpose",
]
