"""Bodies of the documents: the records the town publishes (``document_type``, ``family_document``), a
parent's upload, what a follower reads, the town's decision."""

from __future__ import annotations

from datetime import date, datetime
from typing import Annotated, Literal

from pydantic import AfterValidator, ConfigDict, Field, StringConstraints, field_serializer, model_validator

from portal.documents import checks
from portal.platform import checks as platform_checks
from portal.platform.schemas import Day, Identifier, Input, Label, Output, Typed

Scope = Literal["family", "child"]
Kind = Literal["tax_certificate", "attendance_certificate", "payment_receipt", "rules", "other"]
ContentType = Literal["application/pdf", "image/jpeg", "image/png"]
MAX_SIZE = 10_485_760


# --- records published by the municipality's software --------------------------------------------------------


class DocumentTypeIn(Input):
    model_config = ConfigDict(extra="forbid", defer_build=True)

    type: Literal["document_type"]
    document_type_id: Identifier
    label: Label
    scope: Scope
    validity_months: Annotated[int, Field(ge=1, le=120, strict=True)] | None = None
    required_for: Annotated[
        list[Annotated[str, StringConstraints(pattern=r"^(\*|[A-Za-z0-9][A-Za-z0-9._-]{0,63})$")]],
        Field(max_length=100),
        AfterValidator(checks.required_for),
    ] = Field(default_factory=list)


class FamilyDocumentIn(Input):
    model_config = ConfigDict(extra="forbid", defer_build=True)

    type: Literal["family_document"]
    document_id: Identifier
    family_id: Identifier
    kind: Kind
    title: Label
    date: Day
    request_id: Annotated[str, StringConstraints(pattern=r"^[0-9a-f]{32}$")] | None = None


# --- a parent's upload ------------------------------------------------------------------------------------------


class DocumentUpload(Input):
    model_config = ConfigDict(extra="forbid", defer_build=True)

    document_type_id: Identifier
    child_id: Identifier | None = None
    file_name: Annotated[
        str, StringConstraints(strip_whitespace=True, min_length=1, max_length=200), AfterValidator(checks.file_name)
    ]
    content_type: ContentType
    size: Annotated[int, Field(ge=1, le=MAX_SIZE, strict=True)]


class DocumentOut(Output):
    document_id: str
    document_type_id: str
    child_id: str | None
    file_name: str
    status: Literal["awaiting_file", "received", "rejected_file", "accepted", "refused"]
    uploaded_at: datetime
    decided_at: datetime | None
    valid_until: date | None
    reason: str | None

    _rfc3339 = field_serializer("uploaded_at", "decided_at")(platform_checks.moment_or_null)


class UploadForm(Output):
    url: str
    fields: dict[str, str]
    expires_in: int


class DocumentUploadOut(Output):
    document: DocumentOut
    upload: UploadForm


class FileLink(Output):
    url: str
    expires_in: int


class FamilyDocumentOut(Output):
    document_id: str
    kind: Kind
    title: str
    date: date
    request_id: str | None


class MissingOut(Output):
    document_type_id: str
    label: str
    child_id: str | None
    activity_ids: list[str]


class FamilyDocuments(Output):
    uploaded: list[DocumentOut]
    received: list[FamilyDocumentOut]
    missing: list[MissingOut]


# --- the town's decision ----------------------------------------------------------------------------------------


class DocumentDecision(Input):
    model_config = ConfigDict(extra="forbid", defer_build=True)

    decision: Literal["accepted", "refused"]
    valid_until: Day | None = None
    reason: Annotated[str, Typed(1_000)] | None = None

    _says_why = model_validator(mode="after")(checks.refusal_says_why)


class TownDocumentOut(DocumentOut):
    family_id: str
    changed_at: datetime
    url: str | None = None  # with the admin key, a 5-minute download link of a received file

    _changed = field_serializer("changed_at")(platform_checks.moment_or_null)


class TownDocumentFeed(Output):
    items: list[TownDocumentOut]
    next_cursor: str | None
