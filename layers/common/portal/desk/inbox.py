"""What awaits an agent, in its permissions: the pending requests (``requests``), the papers received and not
decided (``documents``), its services' threads whose last message is a parent's (``messages``), today's
booked appointments (``appointments``). Counts, and the items oldest first."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Literal

from portal.agents.model import Agent
from portal.appointments import town as appointments
from portal.documents import town as documents
from portal.kernel.ids import TenantSlug
from portal.requests import town as requests
from portal.threads import town as threads

ITEMS = 100  # the oldest a kind lists; the counts are whole


@dataclass(frozen=True)
class InboxItem:
    kind: Literal["request", "document", "thread", "appointment"]
    id: str
    summary: str
    since: datetime


@dataclass(frozen=True)
class Inbox:
    requests: int
    documents: int
    threads: int
    appointments_today: int
    items: tuple[InboxItem, ...]


def inbox(tenant: TenantSlug, agent: Agent) -> Inbox:
    """The agent's inbox: a kind it has no permission for counts 0 and lists nothing (nothing is read)."""
    counts = {"request": 0, "document": 0, "thread": 0, "appointment": 0}
    items: list[InboxItem] = []
    readers = (
        ("request", "requests", requests.waiting),
        ("document", "documents", documents.waiting),
        ("thread", "messages", lambda t, limit: threads.waiting(t, agent.service_ids, limit)),
        ("appointment", "appointments", appointments.today),
    )
    for kind, permission, waiting in readers:
        if permission not in agent.permissions:
            continue
        counts[kind], oldest = waiting(tenant, ITEMS)
        items += [InboxItem(kind, w.object_id, w.summary, w.since) for w in oldest]  # type: ignore[arg-type]
    items.sort(key=lambda item: (item.since, item.id))
    return Inbox(counts["request"], counts["document"], counts["thread"], counts["appointment"], tuple(items[:ITEMS]))
