"""The audit log: every agent action (log in, decision, message, closure, cancellation) and every reading of
what families confide (a family's file with its health fields, a document's file), append-only.

A record is put where none is, never updated nor deleted by the API; an action's record is a part of the
transaction that makes the action (``part``: written with it, or not at all), a reading's is written before
what is read is answered (``record``: no reading without its record). The town reads the log as a feed.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime

from portal.agents import store
from portal.agents.model import Action
from portal.kernel import clock, ids
from portal.kernel.ids import TenantSlug
from portal.platform.table import Parts, joined, transact

TRANSACTION_ITEMS = 100  # DynamoDB's TransactWriteItems limit


@dataclass(frozen=True)
class AuditEntry:
    at: datetime
    agent_id: str
    action: Action
    target: str


@dataclass(frozen=True)
class AuditPage:
    items: tuple[AuditEntry, ...]
    next_cursor: str | None


def part(tenant: TenantSlug, agent_id: str, action: Action, target: str) -> Parts:
    """The record of an action, as a part of the transaction that makes it."""
    at = clock.now()
    store.AUDIT_FEED.mark(tenant, at)
    return store.audit_part(tenant, ids.random_id(), at, agent_id, action, target)


def record(tenant: TenantSlug, agent_id: str, action: Action, target: str) -> None:
    """Record an action or a reading now (before its answer)."""
    record_each(tenant, agent_id, action, [target])


def record_each(tenant: TenantSlug, agent_id: str, action: Action, targets: Iterable[str]) -> None:
    """Record one action or reading of each target now (before the answer), 100 to a transaction."""
    chosen = sorted(set(targets))
    for start in range(0, len(chosen), TRANSACTION_ITEMS):
        batch = joined(part(tenant, agent_id, action, target) for target in chosen[start : start + TRANSACTION_ITEMS])
        assert batch is not None  # a batch holds one target at least
        transact(batch)


def feed(tenant: TenantSlug, since: datetime, after: str | None) -> AuditPage:
    """The records from ``since`` on, oldest first, a page at a time (the town's feeds' rule)."""
    page, next_cursor = store.audit_page(tenant, since, after)
    entries = (AuditEntry(r.at, r.agent_id, r.action, r.target) for r in page)  # type: ignore[arg-type]
    return AuditPage(tuple(entries), next_cursor)
