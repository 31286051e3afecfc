"""Documents as values: the types the town asks for, a paper a parent sends, a paper the town sends."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime
from typing import Final, Literal

type Scope = Literal["family", "child"]
type DocumentStatus = Literal["awaiting_file", "received", "rejected_file", "accepted", "refused"]
type FamilyDocumentKind = Literal["tax_certificate", "attendance_certificate", "payment_receipt", "rules", "other"]
type ContentType = Literal["application/pdf", "image/jpeg", "image/png"]

AWAITING_FILE: Final = "awaiting_file"
RECEIVED: Final = "received"
OPEN: Final[frozenset[str]] = frozenset({AWAITING_FILE, RECEIVED})  # count towards a family's 20
EVERY_ACTIVITY: Final = "*"


@dataclass(frozen=True)
class DocumentType:
    document_type_id: str
    label: str
    scope: Scope
    validity_months: int | None
    required_for: tuple[str, ...]  # activity ids, or ("*",): every activity

    def required_by(self, activity_id: str) -> bool:
        return EVERY_ACTIVITY in self.required_for or activity_id in self.required_for


@dataclass(frozen=True)
class Document:
    """A paper a parent sends: declared, then its file arrives (checked), then the town decides."""

    document_id: str
    family_id: str
    document_type_id: str
    child_id: str | None
    file_name: str
    content_type: ContentType
    size: int
    status: DocumentStatus
    uploaded_at: datetime
    changed_at: datetime
    account_id: str | None = None
    decided_at: datetime | None = None
    valid_until: date | None = None
    reason: str | None = None
    file_etag: str | None = None  # the checked file's: a later object at its key is another file


@dataclass(frozen=True)
class FamilyDocument:
    """A paper the town sends; ``has_pdf`` once its PDF arrived."""

    document_id: str
    family_id: str
    kind: FamilyDocumentKind
    title: str
    date: date
    request_id: str | None = None
    has_pdf: bool = False
