"""Bodies of the agents' routes: managing agents (admin key), activation, log in, the audit log."""

from __future__ import annotations

from datetime import datetime
from typing import Annotated, Literal

from pydantic import AfterValidator, Field, StringConstraints, field_serializer

from portal.accounts.schemas import Email, EmailKey, Name, Password, Token
from portal.agents import checks
from portal.platform import checks as platform_checks
from portal.platform.schemas import Identifier, Input, Output

Permission = Literal["requests", "documents", "messages", "appointments", "attendance"]


class AgentIn(Input):
    email: Email
    first_name: Name
    last_name: Name
    permissions: Annotated[list[Permission], Field(min_length=1, max_length=5), AfterValidator(checks.each_once)]
    service_ids: Annotated[list[Identifier], Field(max_length=50), AfterValidator(checks.each_once)] = Field(
        default_factory=list
    )


class AgentCreated(Output):
    agent_id: str
    status: Literal["invited", "active"]


class AgentOut(Output):
    agent_id: str
    email: str
    first_name: str
    last_name: str
    permissions: list[Permission]
    service_ids: list[str]
    status: Literal["invited", "active"]


class AgentList(Output):
    items: list[AgentOut]


class AgentActivation(Input):
    token: Token
    password: Password
    password_confirmation: Password


class TotpEnrolment(Output):
    totp_secret: str
    otpauth_uri: str


class AgentCredentials(Input):
    email: EmailKey
    password: Password
    code: Annotated[str, StringConstraints(min_length=1, max_length=16)]


class AgentSessionOut(Output):
    access_token: str
    token_type: Literal["Bearer"]
    expires_in: int


class AuditEntryOut(Output):
    at: datetime
    agent_id: str
    action: Literal["login", "decision", "message", "closure", "cancellation", "read_file", "read_document"]
    target: str

    _rfc3339 = field_serializer("at")(platform_checks.moment_or_null)


class AuditFeed(Output):
    items: list[AuditEntryOut]
    next_cursor: str | None
