"""The papers the town sends: a paper's PDF stored (``%PDF-``, 4 MB) and its arrival mailed, once, to the
followers of its family with the ``requests`` choice on; a follower's short link to it."""

from __future__ import annotations

from typing import TYPE_CHECKING, Literal, TypedDict

from portal.documents import store
from portal.documents.model import FamilyDocument
from portal.kernel import ids
from portal.kernel.ids import TenantSlug
from portal.platform import objects, queues
from portal.platform.config import settings
from portal.platform.errors import DocumentNotFound
from portal.requests.mails import to_followers
from portal.tenancy.tenants import get_tenant

if TYPE_CHECKING:
    from portal.accounts.sessions import Principal

LINK_SECONDS = 300


class SentMessage(TypedDict):
    kind: Literal["document_sent"]
    tenant: TenantSlug
    document: str


def store_pdf(tenant: TenantSlug, document_id: str, data: bytes) -> None:
    """Store a paper's PDF (again: replaced) and queue its mail (sent once a follower, whatever the tries)."""
    objects.require_pdf(data)
    paper = store.family_document(tenant, document_id) if ids.is_published_id(document_id) else None
    if paper is None:
        raise DocumentNotFound()
    store.put_pdf(tenant, document_id, data, _file_name(paper))
    store.mark_pdf(tenant, paper)
    if settings().booking_mails_queue_url:
        message = SentMessage(kind="document_sent", tenant=tenant, document=document_id)
        queues.send(settings().booking_mails_queue_url, [message], group="tenant")


def deliver(message: SentMessage) -> int:
    """Mail the followers of the paper's family that it arrived; how many mails went."""
    tenant = get_tenant(message["tenant"])
    paper = store.family_document(tenant.slug, message["document"])
    if paper is None:
        return 0
    return to_followers(
        tenant,
        paper.family_id,
        f"sent-{paper.document_id}",
        f"{tenant.name} : un document vous a été envoyé",
        [f"La mairie vous a envoyé « {paper.title} ».", "Retrouvez-le dans « Mes documents » de votre espace."],
        ("Voir mes documents", "#/documents"),
    )


def received_link(principal: Principal, family_id: str, document_id: str) -> tuple[str, int]:
    """A 5-minute link to a paper the town sent the family (an attachment); another family's, or one whose
    PDF has not arrived, is 404 ``document_not_found``."""
    known = family_id in principal.account.subscriptions and ids.is_published_id(document_id)
    paper = store.family_document(principal.tenant, document_id) if known else None
    if paper is None or paper.family_id != family_id or not paper.has_pdf:
        raise DocumentNotFound()
    key = store.pdf_key(principal.tenant, document_id)
    return objects.link(key, "application/pdf", _file_name(paper), LINK_SECONDS), LINK_SECONDS


def _file_name(paper: FamilyDocument) -> str:
    return objects.pdf_name("document", paper.document_id)
