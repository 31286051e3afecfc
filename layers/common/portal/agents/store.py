"""The agents' items, and the audit log's.

| access pattern                          | key condition                                                     |
|-----------------------------------------|-------------------------------------------------------------------|
| an agent                                | GetItem pk=TENANT#{t}#AGENT#{a}, sk=AGENT (consistent)            |
| the tenant's agents                     | Query FamilyIndex gsi1pk=TENANT#{t}#AGENTS                        |
| an email's agent (log in; one an email) | GetItem pk=TENANT#{t}#AGENTEMAIL#{email}, sk=EMAIL, put if absent |
| an audit record (never changed)         | pk=TENANT#{t}#AUDIT#{id}, sk=AUDIT, put if absent                 |
| the audit log by time                   | the feed ``AUDITFEED`` (``platform.feeds``)                       |

An agent and its email item are written and removed together (one transaction). Its invitation's digest,
its last TOTP step and its denylist of logged-out tokens are on its item: the invitation is used by one
conditional update (on its digest), a code by one conditional update (on the last step being older), so two
requests at the same moment never both succeed.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import datetime
from typing import Any, cast

from pynamodb.attributes import (
    BinaryAttribute,
    ListAttribute,
    MapAttribute,
    NumberAttribute,
    UnicodeAttribute,
    UTCDateTimeAttribute,
)
from pynamodb.exceptions import DoesNotExist
from pynamodb.expressions.update import Action as UpdateAction
from pynamodb.transactions import TransactWrite

from portal.agents.model import Action, Agent, AgentStatus, Permission
from portal.kernel.ids import TenantSlug
from portal.platform.aws import translate_aws_errors
from portal.platform.feeds import Feed, FeedItem
from portal.platform.table import Item, Parts, query_items, transact, write_if

AGENT, EMAIL, AUDIT = "AGENT", "EMAIL", "AUDIT"


def agent_key(tenant: TenantSlug, agent_id: str) -> str:
    return f"TENANT#{tenant}#AGENT#{agent_id}"


def email_key(tenant: TenantSlug, email: str) -> str:
    return f"TENANT#{tenant}#AGENTEMAIL#{email}"


def agents_partition(tenant: TenantSlug) -> str:
    return f"TENANT#{tenant}#AGENTS"


class AgentRecord(Item):
    sort_key = AGENT

    gsi1pk = UnicodeAttribute()
    gsi1sk = UnicodeAttribute()
    agent_id = UnicodeAttribute()
    email = UnicodeAttribute()
    first_name = UnicodeAttribute()
    last_name = UnicodeAttribute()
    permissions = ListAttribute(of=UnicodeAttribute, default=list)
    service_ids = ListAttribute(of=UnicodeAttribute, default=list)
    status = UnicodeAttribute()
    created_at = UTCDateTimeAttribute()
    password_hash = UnicodeAttribute(null=True)
    totp_secret = BinaryAttribute(null=True, legacy_encoding=False)  # sealed (``totp.seal``)
    last_step = NumberAttribute(default=0)
    token_generation = NumberAttribute(default=0)
    revoked_tokens: MapAttribute[str, int] = MapAttribute(default=dict)
    invitation_digest = UnicodeAttribute(null=True)
    invited_until = NumberAttribute(null=True)


class AgentEmailRecord(Item):
    sort_key = EMAIL

    agent_id = UnicodeAttribute()


class AuditRecord(FeedItem):
    sort_key = AUDIT

    at = UTCDateTimeAttribute()
    agent_id = UnicodeAttribute()
    action = UnicodeAttribute()
    target = UnicodeAttribute()


def _audit_key(tenant: TenantSlug, record_id: str) -> tuple[str, str]:
    return f"TENANT#{tenant}#AUDIT#{record_id}", AUDIT


AUDIT_FEED = Feed("AUDITFEED", "audit", AuditRecord, _audit_key)


def create(tenant: TenantSlug, agent: Agent) -> bool:
    """Write a new agent and its email item: False when the email is an agent's already."""
    email = AgentEmailRecord(email_key(tenant, agent.email), EMAIL, agent_id=agent.agent_id)

    def parts(t: TransactWrite) -> None:
        t.save(email, condition=AgentEmailRecord.pk.does_not_exist())
        t.save(_record(tenant, agent), condition=AgentRecord.pk.does_not_exist())

    return not transact(parts)


def get(tenant: TenantSlug, agent_id: str) -> Agent | None:
    with translate_aws_errors():
        try:
            return _agent(AgentRecord.get(agent_key(tenant, agent_id), AGENT, consistent_read=True))
        except DoesNotExist:
            return None


NOBODY = "0" * 32  # an agent id no agent has: an unknown email reads it, as a known one reads its agent


def by_email(tenant: TenantSlug, email: str) -> Agent | None:
    """The agent of an email: two reads whether the email is an agent's or not (log in's time tells nothing)."""
    with translate_aws_errors():
        try:
            agent_id = AgentEmailRecord.get(email_key(tenant, email), EMAIL, consistent_read=True).agent_id
        except DoesNotExist:
            agent_id = NOBODY
    return get(tenant, agent_id)


def listed(tenant: TenantSlug) -> list[Agent]:
    items = query_items((AgentRecord,), hash_key=agents_partition(tenant), index_name="FamilyIndex")
    return [_agent(i) for i in items if isinstance(i, AgentRecord)]


def remove(tenant: TenantSlug, agent: Agent) -> None:
    """The agent and its email item go (its tokens stop working: each call reads the agent)."""

    def parts(t: TransactWrite) -> None:
        t.delete(AgentRecord(agent_key(tenant, agent.agent_id), AGENT))
        t.delete(AgentEmailRecord(email_key(tenant, agent.email), EMAIL))

    transact(parts)


def activate(tenant: TenantSlug, agent_id: str, digest: str, password_hash: str, totp_secret: bytes) -> bool:
    """Use the invitation (on its digest being the stored one): the password and the secret set, the agent
    active. False when the invitation was used (or replaced) first."""
    record = AgentRecord(agent_key(tenant, agent_id), AGENT)
    actions: list[UpdateAction] = [
        AgentRecord.status.set("active"),
        AgentRecord.password_hash.set(password_hash),
        AgentRecord.totp_secret.set(totp_secret),
        AgentRecord.invitation_digest.remove(),
        AgentRecord.invited_until.remove(),
    ]
    return write_if(lambda: record.update(actions=actions, condition=AgentRecord.invitation_digest == digest))


def use_step(tenant: TenantSlug, agent_id: str, step: int) -> bool:
    """Take a TOTP time step: False when it (or a later one) was taken first (a code is used once)."""
    record = AgentRecord(agent_key(tenant, agent_id), AGENT)
    condition = AgentRecord.pk.exists() & (AgentRecord.last_step < step)
    return write_if(lambda: record.update(actions=[AgentRecord.last_step.set(step)], condition=condition))


def revoke_token(tenant: TenantSlug, agent_id: str, jti: str, expires_at: int, expired: Iterable[str]) -> None:
    """Add a token to the agent's denylist and drop entries that expired."""
    entries: Any = AgentRecord.revoked_tokens
    actions: list[UpdateAction] = [entries[jti].set(expires_at)] + [
        entries[old].remove() for old in expired if old != jti
    ]
    record = AgentRecord(agent_key(tenant, agent_id), AGENT)
    write_if(lambda: record.update(actions=actions, condition=AgentRecord.pk.exists()))


def audit_part(tenant: TenantSlug, record_id: str, at: datetime, agent_id: str, action: Action, target: str) -> Parts:
    """An audit record, put where none is (a transaction's part: written with what it records, or not)."""
    pk, sk = _audit_key(tenant, record_id)
    index_pk, index_sk = AUDIT_FEED.index_keys(tenant, at, record_id)
    record = AuditRecord(
        pk, sk, gsi2pk=index_pk, gsi2sk=index_sk, at=at, agent_id=agent_id, action=action, target=target
    )
    return lambda t: t.save(record, condition=AuditRecord.pk.does_not_exist())


def audit_page(tenant: TenantSlug, since: datetime, after: str | None) -> tuple[list[AuditRecord], str | None]:
    return AUDIT_FEED.page(tenant, since, after)


def _record(tenant: TenantSlug, agent: Agent) -> AgentRecord:
    return AgentRecord(
        agent_key(tenant, agent.agent_id),
        AGENT,
        gsi1pk=agents_partition(tenant),
        gsi1sk=agent.agent_id,
        agent_id=agent.agent_id,
        email=agent.email,
        first_name=agent.first_name,
        last_name=agent.last_name,
        permissions=sorted(agent.permissions),
        service_ids=list(agent.service_ids),
        status=agent.status,
        created_at=agent.created_at,
        password_hash=agent.password_hash,
        totp_secret=agent.totp_secret,
        last_step=agent.last_step,
        token_generation=agent.token_generation,
        revoked_tokens=agent.revoked_tokens,
        invitation_digest=agent.invitation_digest,
        invited_until=agent.invited_until,
    )


def _agent(record: AgentRecord) -> Agent:
    revoked = record.revoked_tokens.as_dict() if record.revoked_tokens else {}
    return Agent(
        agent_id=record.agent_id,
        email=record.email,
        first_name=record.first_name,
        last_name=record.last_name,
        permissions=tuple(sorted(cast(list[Permission], record.permissions or []))),
        service_ids=tuple(cast(list[str], record.service_ids or [])),
        status=cast(AgentStatus, record.status),
        created_at=record.created_at,
        password_hash=record.password_hash,
        totp_secret=record.totp_secret,
        last_step=int(record.last_step or 0),
        token_generation=int(record.token_generation or 0),
        revoked_tokens={k: int(v) for k, v in revoked.items()},
        invitation_digest=record.invitation_digest,
        invited_until=None if record.invited_until is None else int(record.invited_until),
    )
