"""A parent's file arrived in the bucket (S3 → EventBridge "Object Created", as in the cloud so on the local
stack): its first bytes say whether it is the declared kind (a PDF, a JPEG, a PNG) and its size whether it
is at most the declared one. Then the paper is ``received`` (with the file's ETag), else ``rejected_file``
and the object deleted (never served). An object at a key no paper of that family awaits is deleted. A
second file posted for a paper that has its file (the form still valid) is deleted as that version alone:
the checked file is the object again; the same event delivered twice (EventBridge delivers at least once)
finds the file's ETag and changes nothing."""

from __future__ import annotations

from dataclasses import replace
from typing import Final

from portal.documents import rules, store
from portal.documents.model import AWAITING_FILE, RECEIVED, DocumentStatus
from portal.kernel import clock, ids
from portal.kernel.ids import TenantSlug
from portal.platform import objects
from portal.platform.observability import logger
from portal.tenancy.tenants import SLUG_PATTERN

SIGNATURES: Final = {
    "application/pdf": b"%PDF-",
    "image/jpeg": b"\xff\xd8\xff",
    "image/png": b"\x89PNG\r\n\x1a\n",
}
HEAD_BYTES = 16


def arrived(key: str) -> str:
    """Check the file at ``key`` (``uploads/{tenant}/{family_id}/{document_id}``); what became of it."""
    parts = key.removeprefix(store.UPLOAD_PREFIX).split("/")
    if len(parts) != 3 or not SLUG_PATTERN.fullmatch(parts[0]) or not ids.is_published_id(parts[2]):
        logger.warning("an object outside the upload keys: left alone")
        return "ignored"
    tenant, family_id, document_id = TenantSlug(parts[0]), parts[1], parts[2]
    paper = store.document(tenant, document_id)
    if paper is None or paper.family_id != family_id:
        objects.delete(key)  # no paper of that family: never kept, never served
        return "unexpected"
    head = objects.first_bytes(key, HEAD_BYTES)
    if head is None:
        return "gone"  # deleted meanwhile: the paper stays as it is
    if paper.status != AWAITING_FILE:
        if head.etag == paper.file_etag:
            return "duplicate"
        if head.version is None:  # a bucket without versions (never the template's): nothing checked is left
            store.change(tenant, paper, replace(paper, status="rejected_file", changed_at=clock.now()))
        objects.delete(key, head.version)  # another file over the checked one: that version goes
        return "unexpected"
    good = head.size <= paper.size and head.data.startswith(SIGNATURES[paper.content_type])
    status: DocumentStatus = RECEIVED if good else "rejected_file"
    checked = replace(paper, status=status, changed_at=clock.now(), file_etag=head.etag if good else None)
    if store.change(tenant, paper, checked, rules.due(checked)) and not good:
        objects.delete(key)
    logger.info("document file checked", extra={"status": status, "size": head.size})
    return status
