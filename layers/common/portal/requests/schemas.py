"""Bodies of the requests: one shape for every kind, the list's query, asking for a certificate."""

from __future__ import annotations

from datetime import datetime
from typing import Annotated, Any, Literal

from pydantic import ConfigDict, Field, StringConstraints, field_serializer, model_validator

from portal.platform import checks as platform_checks
from portal.platform.schemas import Identifier, Input, Output, Query, Typed
from portal.requests import checks

Comment = Annotated[str, Typed(500)]
Reason = Annotated[str, Typed(1_000)]


class DecidedByOut(Output):
    kind: Literal["software", "agent"]
    name: str | None = None


class RequestOut(Output):
    request_id: str
    kind: Literal["file_change", "enrolment", "certificate"]
    family_id: str
    child_id: str | None
    status: Literal["pending", "accepted", "refused", "cancelled", "applied"]
    created_at: datetime
    decided_at: datetime | None
    reason: str | None
    decided_by: DecidedByOut | None
    summary: str
    details: dict[str, Any]
    document_ids: list[str]

    _rfc3339 = field_serializer("created_at", "decided_at")(platform_checks.moment_or_null)


class RequestList(Output):
    items: list[RequestOut]
    next_cursor: str | None


class RequestQuery(Query):
    """The query string of the requests list; unknown parameters are ignored."""

    status: Literal["pending", "accepted", "refused", "cancelled", "applied"] | None = None
    kind: Literal["file_change", "enrolment", "certificate"] | None = None
    family_id: Identifier | None = None
    limit: Annotated[int, Field(ge=1, le=100)] = 20
    cursor: Annotated[str, StringConstraints(min_length=1, max_length=2048)] | None = None


class CertificateRequest(Input):
    model_config = ConfigDict(extra="forbid", defer_build=True)

    family_id: Identifier
    certificate: Literal["tax", "attendance", "payments"]
    year: Annotated[int, Field(strict=True)]
    child_id: Identifier | None = None
    comment: Comment | None = None


class DecisionBody(Input):
    model_config = ConfigDict(extra="forbid", defer_build=True)

    decision: Literal["accepted", "refused"]
    reason: Reason | None = None

    _reason_when_refused = model_validator(mode="after")(checks.reason_when_refused)


class AccountOut(Output):
    civility: str
    last_name: str
    first_name: str
    email: str


class TownRequestOut(RequestOut):
    changed_at: datetime
    account: AccountOut | None

    _changed = field_serializer("changed_at")(platform_checks.moment_or_null)


class TownRequestFeed(Output):
    items: list[TownRequestOut]
    next_cursor: str | None
