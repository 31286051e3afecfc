"""Bodies of messages: the town's services, a thread and its messages both ways, the town's feed."""

from __future__ import annotations

from datetime import datetime
from typing import Annotated, Literal

from pydantic import AfterValidator, ConfigDict, Field, StringConstraints, field_serializer

from portal.accounts.schemas import Email
from portal.agents import checks as agents_checks
from portal.platform import checks as platform_checks
from portal.platform.schemas import Identifier, Input, Label, Output, Query, Typed
from portal.requests.schemas import AccountOut

Subject = Annotated[str, Typed(150)]
Text = Annotated[str, Typed(5_000)]
Attached = Annotated[list[Identifier], Field(max_length=5), AfterValidator(agents_checks.each_once)]


class ServiceIn(Input):
    """A ``service`` record of an import: a service of the town parents write to."""

    model_config = ConfigDict(extra="forbid", defer_build=True)

    type: Literal["service"]
    service_id: Identifier
    label: Label
    notify_email: Email | None = None


class ServiceOut(Output):
    service_id: str
    label: str


class ServiceList(Output):
    items: list[ServiceOut]


class NewThread(Input):
    model_config = ConfigDict(extra="forbid", defer_build=True)

    service_id: Identifier
    subject: Subject
    text: Text
    family_id: Identifier | None = None
    document_ids: Attached = Field(default_factory=list)


class NewMessage(Input):
    model_config = ConfigDict(extra="forbid", defer_build=True)

    text: Text
    document_ids: Attached = Field(default_factory=list)


class TownMessage(Input):
    model_config = ConfigDict(extra="forbid", defer_build=True)

    text: Text
    author: Annotated[str, Typed(100)]


class ThreadQuery(Query):
    """The query string of the threads list; unknown parameters are ignored."""

    limit: Annotated[int, Field(ge=1, le=100)] = 20
    cursor: Annotated[str, StringConstraints(min_length=1, max_length=2048)] | None = None


class MessageOut(Output):
    model_config = ConfigDict(defer_build=True, populate_by_name=True, serialize_by_alias=True)

    message_id: str
    side: Literal["citizen", "town"] = Field(serialization_alias="from")
    author: str
    text: str
    sent_at: datetime
    document_ids: list[str]

    _rfc3339 = field_serializer("sent_at")(platform_checks.moment_or_null)


class ThreadSummaryOut(Output):
    thread_id: str
    service_id: str
    subject: str
    family_id: str | None
    status: Literal["open", "closed"]
    last_message_at: datetime
    unread: int

    _rfc3339 = field_serializer("last_message_at")(platform_checks.moment_or_null)


class ThreadList(Output):
    items: list[ThreadSummaryOut]
    next_cursor: str | None


class ThreadOut(ThreadSummaryOut):
    created_at: datetime
    messages: list[MessageOut]

    _created = field_serializer("created_at")(platform_checks.moment_or_null)


class TownThreadOut(ThreadOut):
    changed_at: datetime
    awaiting_answer: bool
    account: AccountOut | None

    _changed = field_serializer("changed_at")(platform_checks.moment_or_null)


class TownThreadFeed(Output):
    items: list[TownThreadOut]
    next_cursor: str | None
