"""The town's side of the papers parents send (admin key, or an agent with ``documents``): its feed of papers
as they are now, by last change (with the admin key, a 5-minute link to each received file; an agent opens a
file through ``file_link``, which the audit log records), a paper's file, its decision.

A paper is decided once it is ``received``: accepted (valid until the town's date, or the decision's day plus
its type's validity, or for good) or refused with a reason. A refusal is mailed to the family's followers
with ``requests`` on, never with its reason (it stays in the portal); its message is queued before the
decision is written (as a request's), and mails only once the paper carries that refusal.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from datetime import date, datetime
from typing import Literal, TypedDict

from portal.agents import audit
from portal.agents.model import Caller
from portal.documents import rules, store
from portal.documents.model import AWAITING_FILE, RECEIVED, Document
from portal.kernel import clock, ids
from portal.kernel.ids import TenantSlug
from portal.platform import objects, queues
from portal.platform.config import settings
from portal.platform.errors import DocumentNotFound, DocumentNotReceived, ServiceUnavailable
from portal.platform.piles import Waiting
from portal.requests.mails import WAIT_SECONDS, to_followers
from portal.tenancy.tenants import get_tenant

LINK_SECONDS = 300


@dataclass(frozen=True)
class TownDocument(Document):
    """A paper as the town reads it: with a short link to its file when it is received (admin key)."""

    url: str | None = None


@dataclass(frozen=True)
class TownFeed:
    items: tuple[TownDocument, ...]
    next_cursor: str | None


class RefusedMessage(TypedDict):
    kind: Literal["document_refused"]
    tenant: TenantSlug
    document: str
    queued_at: float


def feed(tenant: TenantSlug, since: datetime, after: str | None, links: bool) -> TownFeed:
    """Papers changed from ``since`` on, as they are now; ``links``: each received file's 5-minute link."""
    papers, next_cursor = store.changed_since(tenant, since, after)
    items = tuple(
        TownDocument(**vars(p), url=_link(tenant, p) if links and p.status == RECEIVED else None) for p in papers
    )
    return TownFeed(items, next_cursor)


def one(tenant: TenantSlug, document_id: str, link: bool) -> TownDocument:
    """A paper as the town reads it (the feed's item, at once); ``link``: a received file's 5-minute link."""
    paper = _paper(tenant, document_id)
    return TownDocument(**vars(paper), url=_link(tenant, paper) if link and paper.status == RECEIVED else None)


def file_link(tenant: TenantSlug, document_id: str, caller: Caller) -> tuple[str, int]:
    """A 5-minute link to a paper's file (received or decided); an agent's reading is recorded first."""
    paper = _paper(tenant, document_id)
    if paper.status == AWAITING_FILE:
        raise DocumentNotReceived()  # not yet
    if paper.status not in (RECEIVED, "accepted", "refused"):
        raise DocumentNotFound()  # its file was rejected and deleted
    if caller.agent_id:
        audit.record(tenant, caller.agent_id, "read_document", f"document:{document_id}")
    return _link(tenant, paper), LINK_SECONDS


def decide(
    tenant: TenantSlug,
    document_id: str,
    decision: Literal["accepted", "refused"],
    valid_until: date | None,
    reason: str | None,
    caller: Caller,
) -> Document:
    """Accept (with its validity) or refuse (with its reason) a received paper; else 409. An agent's decision
    is in the audit log (written with it)."""
    paper = _paper(tenant, document_id)
    if paper.status != RECEIVED:
        raise DocumentNotReceived()
    now = clock.now()
    if decision == "accepted":
        kind = store.types(tenant).get(paper.document_type_id)
        until = valid_until if kind is None else rules.valid_until(kind, clock.today(), valid_until)
        decided = replace(paper, status="accepted", decided_at=now, changed_at=now, valid_until=until)
    else:
        decided = replace(paper, status="refused", decided_at=now, changed_at=now, reason=reason)
        _announce(tenant, document_id)  # before the refusal: none is written without its mail
    recorded = audit.part(tenant, caller.agent_id, "decision", f"document:{document_id}") if caller.agent_id else None
    if not store.change(tenant, paper, decided, rules.due(decided), also=recorded):
        raise DocumentNotReceived()  # decided or deleted meanwhile
    return decided


def waiting(tenant: TenantSlug, limit: int) -> tuple[int, list[Waiting]]:
    """How many papers are received and not decided, and the ``limit`` oldest (the agents' inbox)."""
    return store.RECEIVED_PILE.waiting(tenant, limit)


def uploaded(tenant: TenantSlug, family_id: str) -> tuple[Document, ...]:
    """The papers a family sent, newest first (what an agent deciding about the family reads)."""
    return tuple(store.family_papers(tenant, family_id)[0])


def deliver_refused(message: RefusedMessage) -> int:
    """Mail the followers that a paper was refused, once it carries the refusal; how many mails went."""
    tenant = get_tenant(message["tenant"])
    paper = store.document(tenant.slug, message["document"])
    waiting = clock.now().timestamp() - message["queued_at"] < WAIT_SECONDS
    if paper is not None and paper.status == RECEIVED and waiting:
        raise ServiceUnavailable("The refusal is not written yet")
    if paper is None or paper.status != "refused":
        return 0
    kind = store.types(tenant.slug).get(paper.document_type_id)
    label = kind.label if kind else "un document"
    return to_followers(
        tenant,
        paper.family_id,
        f"refused-{paper.document_id}",
        f"{tenant.name} : un document a été refusé",
        [
            f"La mairie a refusé le document « {label} » que vous avez envoyé.",
            "Retrouvez pourquoi dans « Mes documents ».",
        ],
        ("Voir mes documents", "#/documents"),
    )


def _announce(tenant: TenantSlug, document_id: str) -> None:
    if settings().booking_mails_queue_url:
        message = RefusedMessage(
            kind="document_refused", tenant=tenant, document=document_id, queued_at=clock.now().timestamp()
        )
        queues.send(settings().booking_mails_queue_url, [message], group="tenant")


def _paper(tenant: TenantSlug, document_id: str) -> Document:
    paper = store.document(tenant, document_id) if ids.is_published_id(document_id) else None
    if paper is None:
        raise DocumentNotFound()
    return paper


def _link(tenant: TenantSlug, paper: Document) -> str:
    key = store.upload_key(tenant, paper.family_id, paper.document_id)
    return objects.link(key, paper.content_type, paper.file_name, LINK_SECONDS)
