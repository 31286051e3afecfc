"""A request as values: its kind, its status and the town's decision."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from typing import Any, Final, Literal

type RequestKind = Literal["file_change", "enrolment", "certificate"]
type RequestStatus = Literal["pending", "accepted", "refused", "cancelled", "applied"]
type Decision = Literal["accepted", "refused"]
type Certificate = Literal["tax", "attendance", "payments"]

PENDING: Final = "pending"
CANCELLED: Final = "cancelled"


@dataclass(frozen=True)
class DecidedBy:
    """Who answered: the town's software (admin key) or a named agent."""

    kind: Literal["software", "agent"]
    name: str | None = None


@dataclass(frozen=True)
class Request:
    request_id: str
    kind: RequestKind
    family_id: str
    status: RequestStatus
    created_at: datetime
    changed_at: datetime
    summary: str
    details: dict[str, Any] = field(default_factory=dict)
    child_id: str | None = None
    account_id: str | None = None  # who asked (None once that account is deleted)
    document_ids: tuple[str, ...] = ()
    decided_at: datetime | None = None
    reason: str | None = None
    decided_by: DecidedBy | None = None
    guard: str | None = None  # what only one pending request of the family may ask at a time
    sealed: bool = False  # its details hold health data: sealed at rest with the family's data key
