"""An agent as values: who, what it may do (permissions, services), and its credentials' state."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from typing import Final, Literal

type Permission = Literal["requests", "documents", "messages", "appointments", "attendance"]
type AgentStatus = Literal["invited", "active"]
type Action = Literal["login", "decision", "message", "closure", "cancellation", "read_file", "read_document"]

PERMISSIONS: Final[tuple[Permission, ...]] = ("requests", "documents", "messages", "appointments", "attendance")
INVITED: Final = "invited"
ACTIVE: Final = "active"


@dataclass(frozen=True)
class Agent:
    agent_id: str
    email: str
    first_name: str
    last_name: str
    permissions: tuple[Permission, ...]  # sorted, each once
    service_ids: tuple[str, ...]
    status: AgentStatus
    created_at: datetime
    password_hash: str | None = field(default=None, repr=False)
    totp_secret: bytes | None = field(default=None, repr=False)  # sealed (``totp.seal``)
    last_step: int = 0  # the last TOTP time step accepted: a code is used once
    token_generation: int = 0
    revoked_tokens: dict[str, int] = field(default_factory=dict)  # jti -> expiry (epoch seconds)
    invitation_digest: str | None = field(default=None, repr=False)
    invited_until: int | None = None  # epoch seconds

    @property
    def name(self) -> str:
        return f"{self.first_name} {self.last_name}"


@dataclass(frozen=True)
class Caller:
    """Who calls a town route: the tenant's software (the admin key: ``agent`` None) or an agent."""

    agent: Agent | None = None

    @property
    def agent_id(self) -> str | None:
        return self.agent.agent_id if self.agent else None
