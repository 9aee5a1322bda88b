"""The platform's models: the audit log and its chain, passwords people owe, the abstract photo,
bulk edits, notices and their rules, the official holiday calendar.

Their tables keep the names they were born with in the ledgers app (ledgers_auditevent …): the
models moved, the data did not (migrations core 0001 and ledgers 0022).
"""

from core.bulkedit.models import BulkEdit
from core.models.audit import AuditAction, AuditChainHead, AuditEvent, AuditOutcome, entry_hash
from core.models.calendar import CalendarDay, CalendarYear, DayKind, Holiday
from core.models.credentials import Credential
from core.models.photos import Photo, StoredFile, photo_path
from core.notices.models import Notice, RuleSetting

__all__ = [
    "AuditAction",
    "AuditChainHead",
    "AuditEvent",
    "AuditOutcome",
    "BulkEdit",
    "CalendarDay",
    "CalendarYear",
    "Credential",
    "DayKind",
    "Holiday",
    "Notice",
    "Photo",
    "RuleSetting",
    "StoredFile",
    "entry_hash",
    "photo_path",
]
