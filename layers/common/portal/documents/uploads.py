"""What a parent does with papers: declares one (answered with a presigned POST to the documents bucket,
under a key the client cannot choose, 10 minutes, at most the declared size of the declared type), reads
the family's (sent, received, missing), opens one with a short link, deletes one not accepted.

A paper or a family the account does not follow answers 404 exactly like an unknown one."""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

from portal.bookings import access
from portal.documents import needs, rules, store
from portal.documents.model import AWAITING_FILE, ContentType, Document, FamilyDocument
from portal.kernel import clock, ids
from portal.platform import objects
from portal.platform.errors import (
    ChildNotFound,
    DocumentAccepted,
    DocumentNotFound,
    DocumentNotReceived,
    FamilyNotFound,
    FieldRejected,
    TooManyDocuments,
)
from portal.requests import enrolments as enrolment_requests

if TYPE_CHECKING:
    from portal.accounts.sessions import Principal

UPLOAD_SECONDS = 600
LINK_SECONDS = 300


@dataclass(frozen=True)
class Declared:
    document_type_id: str
    child_id: str | None
    file_name: str
    content_type: ContentType
    size: int


@dataclass(frozen=True)
class UploadForm:
    url: str
    fields: dict[str, str]
    expires_in: int


@dataclass(frozen=True)
class Upload:
    document: Document
    upload: UploadForm


@dataclass(frozen=True)
class FamilyPapers:
    uploaded: tuple[Document, ...]
    received: tuple[FamilyDocument, ...]
    missing: tuple[rules.Missing, ...]


def declare(principal: Principal, family_id: str, declared: Declared) -> Upload:
    """A new paper ``awaiting_file`` and the form its file is posted with; 20 open papers: 409."""
    _followed(principal, family_id)
    kind = store.types(principal.tenant).get(declared.document_type_id)
    if kind is None:
        raise FieldRejected("document_type_id", "unknown_document_type", "The town asks for no such document")
    if kind.scope == "child" and declared.child_id is None:
        raise FieldRejected("child_id", "child_required", "This document is a child's: name the child")
    if kind.scope == "family" and declared.child_id is not None:
        raise FieldRejected("child_id", "child_not_allowed", "This document is the family's, not a child's")
    if declared.child_id is not None:
        kid = access.children(principal.tenant, [declared.child_id]).get(declared.child_id)
        if kid is None or kid.family_id != family_id:
            raise ChildNotFound()
    now = clock.now()
    paper = Document(
        document_id=ids.random_id(),
        family_id=family_id,
        document_type_id=declared.document_type_id,
        child_id=declared.child_id,
        file_name=declared.file_name,
        content_type=declared.content_type,
        size=declared.size,
        status=AWAITING_FILE,
        uploaded_at=now,
        changed_at=now,
        account_id=principal.account_id,
    )
    if not store.add(principal.tenant, paper, rules.due(paper) or now):
        raise TooManyDocuments()
    key = store.upload_key(principal.tenant, family_id, paper.document_id)
    url, fields = objects.post_form(key, declared.content_type, declared.size, UPLOAD_SECONDS)
    return Upload(paper, UploadForm(url, fields, UPLOAD_SECONDS))


def family_papers(principal: Principal, family_id: str) -> FamilyPapers:
    """The papers the family sent, those the town sent it (with their PDF), and what is missing today for
    the children's enrolments still running and their pending enrolment requests."""
    _followed(principal, family_id)
    tenant = principal.tenant
    uploaded, sent_by_town = store.family_papers(tenant, family_id)
    children, enrolments = access.family_enrolments(tenant, family_id)
    today = clock.today()
    asked = enrolment_requests.asked(tenant, family_id)
    activities_of: dict[str, set[str]] = {kid.child_id: set(asked.get(kid.child_id, ())) for kid in children}
    for enrolment in enrolments:
        if enrolment.last >= today and enrolment.child_id in activities_of:
            activities_of[enrolment.child_id].add(enrolment.activity_id)
    missing = needs.missing(tenant, family_id, activities_of, today, uploaded)
    received = tuple(paper for paper in sent_by_town if paper.has_pdf)
    return FamilyPapers(tuple(uploaded), received, tuple(missing))


def sent_by(principal: Principal) -> tuple[Document, ...]:
    """The papers the account sent, of the families it follows (its data export: names, types, statuses)."""
    followed = sorted(principal.account.subscriptions)
    sent = (paper for family_id in followed for paper in store.family_papers(principal.tenant, family_id)[0])
    return tuple(paper for paper in sent if paper.account_id == principal.account_id)


def file_link(principal: Principal, family_id: str, document_id: str) -> tuple[str, int]:
    """A 5-minute link to a paper's file (an attachment, never shown inline)."""
    paper = _own(principal, family_id, document_id)
    if paper.status == AWAITING_FILE:
        raise DocumentNotReceived()  # not yet: its file has not come, or is being checked
    if paper.status == "rejected_file":
        raise DocumentNotFound()  # deleted: it was not what was declared
    key = store.upload_key(principal.tenant, family_id, document_id)
    return objects.link(key, paper.content_type, paper.file_name, LINK_SECONDS), LINK_SECONDS


def delete(principal: Principal, family_id: str, document_id: str) -> None:
    """Delete a paper and its file, while it is not accepted."""
    paper = _own(principal, family_id, document_id)
    if paper.status == "accepted":
        raise DocumentAccepted()
    if not store.remove(principal.tenant, paper):
        raise DocumentNotFound()  # changed meanwhile (decided, or deleted by the other parent)


def _followed(principal: Principal, family_id: str) -> None:
    if family_id not in principal.account.subscriptions:
        raise FamilyNotFound()


def _own(principal: Principal, family_id: str, document_id: str) -> Document:
    _followed(principal, family_id)
    paper = store.document(principal.tenant, document_id) if ids.is_published_id(document_id) else None
    if paper is None or paper.family_id != family_id:
        raise DocumentNotFound()
    return paper
