"""Documents in the table: the town's document types, the papers it sends, the papers a parent sends.

| access pattern                               | key condition                                                   |
|----------------------------------------------|-----------------------------------------------------------------|
| the tenant's document types                  | Query pk=TENANT#{t}#DOCUMENTTYPES                               |
| a paper the town sends, by id                | GetItem pk=TENANT#{t}#FAMILYDOCUMENT#{d}, sk=FAMILYDOCUMENT      |
| a paper a parent sends, by id                | GetItem pk=TENANT#{t}#DOCUMENT#{d}, sk=DOCUMENT                  |
| a family's papers, both ways                 | Query FamilyIndex gsi1pk=TENANT#{t}#FAMILYDOCUMENTS#{f}          |
| a family's open papers (awaiting or received)| pk=TENANT#{t}#DOCUMENTCOUNT#{f}, sk=COUNT: ``open``, at most 20  |
| the town's feed, by last change (``feeds``)  | Query InvoiceRefIndex gsi2pk=TENANT#{t}#DOCUMENTFEED#{day}#{n}   |
| what is due for cleaning, by day (all towns) | Query pk=DOCUMENTSDUE#{day}, sk<={moment}: {moment}#{t}#{d}      |

A town's paper's PDF is an object of the documents bucket, ``family-documents/{tenant}/{document_id}.pdf``;
a parent's file, ``uploads/{tenant}/{family_id}/{document_id}`` (a key the client cannot choose).

Each change of a parent's paper writes, in its transaction, when it is due for cleaning if it stays so: a
paper awaiting its file an hour on (dropped), a refused or rejected one 90 days on, an accepted one 90 days
after its end (deleted with its file). The cleaning job reads the due items of the last days up to now and
does what is still due (a paper changed since is left alone), then deletes the due item.

A parent's paper is written with the family's count of open papers in one transaction (the count below 20,
else nothing is written), and leaves ``awaiting_file`` or ``received`` in one transaction conditioned on its
status that lowers the count: two requests at the same moment can neither pass 20 nor count a paper twice.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import UTC, date, datetime, timedelta
from typing import Any, cast

from pynamodb.attributes import BooleanAttribute, ListAttribute, NumberAttribute, UnicodeAttribute, UTCDateTimeAttribute
from pynamodb.exceptions import DoesNotExist
from pynamodb.transactions import TransactWrite

from portal.documents.model import (
    OPEN,
    RECEIVED,
    ContentType,
    Document,
    DocumentStatus,
    DocumentType,
    FamilyDocument,
    FamilyDocumentKind,
    Scope,
)
from portal.kernel import clock
from portal.kernel.ids import TenantSlug
from portal.platform import objects
from portal.platform.aws import translate_aws_errors
from portal.platform.feeds import Feed, FeedItem
from portal.platform.piles import Pile
from portal.platform.table import Item, Parts, get_items, query_items, save_all, transact

TYPE_PREFIX, FAMILY_DOCUMENT, DOCUMENT, COUNT = "TYPE#", "FAMILYDOCUMENT", "DOCUMENT", "COUNT"
PDF_PREFIX, UPLOAD_PREFIX = "family-documents/", "uploads/"
MAX_OPEN = 20


def types_key(tenant: TenantSlug) -> str:
    return f"TENANT#{tenant}#DOCUMENTTYPES"


def family_document_key(tenant: TenantSlug, document_id: str) -> str:
    return f"TENANT#{tenant}#FAMILYDOCUMENT#{document_id}"


def family_partition(tenant: TenantSlug, family_id: str) -> str:
    return f"TENANT#{tenant}#FAMILYDOCUMENTS#{family_id}"


def pdf_key(tenant: TenantSlug, document_id: str) -> str:
    return f"{PDF_PREFIX}{tenant}/{document_id}.pdf"


def document_key(tenant: TenantSlug, document_id: str) -> str:
    return f"TENANT#{tenant}#DOCUMENT#{document_id}"


def count_key(tenant: TenantSlug, family_id: str) -> str:
    return f"TENANT#{tenant}#DOCUMENTCOUNT#{family_id}"


def upload_key(tenant: TenantSlug, family_id: str, document_id: str) -> str:
    return f"{UPLOAD_PREFIX}{tenant}/{family_id}/{document_id}"


class DocumentTypeRecord(Item):
    sort_prefix = TYPE_PREFIX

    label = UnicodeAttribute()
    scope = UnicodeAttribute()
    validity_months = NumberAttribute(null=True)
    required_for = ListAttribute(of=UnicodeAttribute, default=list)


class FamilyDocumentRecord(Item):
    sort_key = FAMILY_DOCUMENT

    gsi1pk = UnicodeAttribute()
    gsi1sk = UnicodeAttribute()
    family_id = UnicodeAttribute()
    kind = UnicodeAttribute()
    title = UnicodeAttribute()
    date = UnicodeAttribute()
    request_id = UnicodeAttribute(null=True)
    has_pdf = BooleanAttribute(default=False)


class DocumentRecord(FeedItem):
    sort_key = DOCUMENT

    gsi1pk = UnicodeAttribute()
    gsi1sk = UnicodeAttribute()
    family_id = UnicodeAttribute()
    document_type_id = UnicodeAttribute()
    child_id = UnicodeAttribute(null=True)
    file_name = UnicodeAttribute()
    content_type = UnicodeAttribute()
    size = NumberAttribute()
    status = UnicodeAttribute()
    uploaded_at = UTCDateTimeAttribute()
    changed_at = UTCDateTimeAttribute()
    account_id = UnicodeAttribute(null=True)
    decided_at = UTCDateTimeAttribute(null=True)
    valid_until = UnicodeAttribute(null=True)
    reason = UnicodeAttribute(null=True)
    file_etag = UnicodeAttribute(null=True)


RECEIVED_PILE = Pile("DOCUMENTS")  # the papers received, not decided: what awaits the town (the agents' inbox)
FEED = Feed("DOCUMENTFEED", "documents", DocumentRecord, lambda tenant, d: (document_key(tenant, d), DOCUMENT))


class DueRecord(Item):
    """A paper due for cleaning: sort key ``{moment}#{tenant}#{document_id}``, in its day's partition."""

    tenant = UnicodeAttribute()
    document_id = UnicodeAttribute()

    @classmethod
    def holds(cls, sort: str) -> bool:
        return True  # its partitions hold nothing else


class CountRecord(Item):
    sort_key = COUNT

    open = NumberAttribute(default=0)


def types(tenant: TenantSlug) -> dict[str, DocumentType]:
    """The tenant's document types (one Query: a town asks for a few dozen at most)."""
    items = query_items((DocumentTypeRecord,), hash_key=types_key(tenant))
    return {t.document_type_id: t for t in (_type(r) for r in items if isinstance(r, DocumentTypeRecord))}


def save_types(tenant: TenantSlug, published: Iterable[DocumentType]) -> None:
    save_all(
        DocumentTypeRecord(
            types_key(tenant),
            TYPE_PREFIX + t.document_type_id,
            label=t.label,
            scope=t.scope,
            validity_months=t.validity_months,
            required_for=cast(Any, list(t.required_for)),  # the stubs type a list's items as attributes
        )
        for t in published
    )


def family_document(tenant: TenantSlug, document_id: str) -> FamilyDocument | None:
    with translate_aws_errors():
        try:
            record = FamilyDocumentRecord.get(family_document_key(tenant, document_id), FAMILY_DOCUMENT)
        except DoesNotExist:
            return None
    return _family_document(record)


def family_documents(tenant: TenantSlug, document_ids: Iterable[str]) -> dict[str, FamilyDocument]:
    """The town's papers of these ids that are stored (BatchGetItem: an import's batch names up to 500)."""
    found = get_items((family_document_key(tenant, document_id), FAMILY_DOCUMENT) for document_id in document_ids)
    papers = (_family_document(FamilyDocumentRecord.from_raw_data(raw)) for raw in found.values())
    return {paper.document_id: paper for paper in papers}


def save_family_documents(tenant: TenantSlug, published: Iterable[FamilyDocument]) -> None:
    save_all(_family_document_record(tenant, d) for d in published)


def mark_pdf(tenant: TenantSlug, document: FamilyDocument) -> None:
    """The paper's PDF arrived."""
    with translate_aws_errors():
        FamilyDocumentRecord(family_document_key(tenant, document.document_id), FAMILY_DOCUMENT).update(
            actions=[FamilyDocumentRecord.has_pdf.set(True)], condition=FamilyDocumentRecord.pk.exists()
        )


def put_pdf(tenant: TenantSlug, document_id: str, data: bytes, file_name: str) -> None:
    objects.put(pdf_key(tenant, document_id), data, "application/pdf", file_name)


def document(tenant: TenantSlug, document_id: str) -> Document | None:
    with translate_aws_errors():
        try:
            record = DocumentRecord.get(document_key(tenant, document_id), DOCUMENT, consistent_read=True)
        except DoesNotExist:
            return None
    return _document(record)


def family_papers(tenant: TenantSlug, family_id: str) -> tuple[list[Document], list[FamilyDocument]]:
    """The papers the family sent and those the town sent it, each newest first (one Query)."""
    items = query_items(
        (DocumentRecord, FamilyDocumentRecord),
        hash_key=family_partition(tenant, family_id),
        index_name="FamilyIndex",
        scan_index_forward=False,
    )
    sent = [_document(r) for r in items if isinstance(r, DocumentRecord)]
    return sent, [_family_document(r) for r in items if isinstance(r, FamilyDocumentRecord)]


def add(tenant: TenantSlug, paper: Document, due: datetime) -> bool:
    """Write a new paper (dropped at ``due`` if still awaiting its file) and count it among its family's
    open ones: False when the family has 20 already."""
    counter = CountRecord(count_key(tenant, paper.family_id), COUNT)
    FEED.mark(tenant, paper.changed_at)

    def parts(t: TransactWrite) -> None:
        t.save(_document_record(tenant, paper), condition=DocumentRecord.pk.does_not_exist())
        t.save(_due(tenant, paper.document_id, due))
        t.update(
            counter,
            actions=[CountRecord.open.add(1)],
            condition=CountRecord.open.does_not_exist() | (CountRecord.open < MAX_OPEN),
        )

    return not transact(parts)


def change(
    tenant: TenantSlug, before: Document, after: Document, due: datetime | None = None, also: Parts | None = None
) -> bool:
    """Write a paper's new status on its status being ``before``'s (due for cleaning at ``due``, if given); a
    paper leaving the open ones lowers its family's count in the same transaction, with ``also`` (an audit
    record). False when a rival changed it first."""
    closes = before.status in OPEN and after.status not in OPEN
    counter = CountRecord(count_key(tenant, before.family_id), COUNT)
    FEED.mark(tenant, after.changed_at)

    def parts(t: TransactWrite) -> None:
        t.save(_document_record(tenant, after), condition=DocumentRecord.status == before.status)
        if due is not None:
            t.save(_due(tenant, after.document_id, due))
        if closes:
            t.update(counter, actions=[CountRecord.open.add(-1)], condition=CountRecord.open > 0)
        if after.status == RECEIVED and before.status != RECEIVED:
            RECEIVED_PILE.put(t, tenant, after.document_id, after.uploaded_at, _waiting(after))
        if before.status == RECEIVED and after.status != RECEIVED:
            RECEIVED_PILE.drop(t, tenant, after.document_id, after.uploaded_at)
        if also:
            also(t)

    return not transact(parts)


def remove(tenant: TenantSlug, paper: Document) -> bool:
    """Delete a paper (and its file) on its status being as read; an open one lowers the count."""
    counter = CountRecord(count_key(tenant, paper.family_id), COUNT)

    def parts(t: TransactWrite) -> None:
        t.delete(
            DocumentRecord(document_key(tenant, paper.document_id), DOCUMENT),
            condition=DocumentRecord.status == paper.status,
        )
        if paper.status in OPEN:
            t.update(counter, actions=[CountRecord.open.add(-1)], condition=CountRecord.open > 0)
        if paper.status == RECEIVED:
            RECEIVED_PILE.drop(t, tenant, paper.document_id, paper.uploaded_at)

    if transact(parts):
        return False
    objects.delete(upload_key(tenant, paper.family_id, paper.document_id))
    return True


def due_until(moment: datetime, days: int) -> list[tuple[TenantSlug, str, str, str]]:
    """What is due for cleaning up to ``moment``, from the ``days`` days before it: (tenant, document id,
    the due item's keys)."""
    found = []
    for n in range(days, -1, -1):
        day = (moment - timedelta(days=n)).astimezone(UTC).date().isoformat()
        items = query_items(
            (DueRecord,),
            hash_key=f"DOCUMENTSDUE#{day}",
            range_key_condition=DueRecord.sk <= clock.rfc3339(moment, "microseconds") + "#~",  # due at it too
        )
        found += [
            (TenantSlug(r.tenant), r.document_id, str(r.pk), str(r.sk)) for r in items if isinstance(r, DueRecord)
        ]
    return found


def done(pk: str, sk: str) -> None:
    with translate_aws_errors():
        DueRecord(pk, sk).delete()


def _due(tenant: TenantSlug, document_id: str, due: datetime) -> DueRecord:
    moment = clock.rfc3339(due, "microseconds")
    return DueRecord(
        f"DOCUMENTSDUE#{moment[:10]}", f"{moment}#{tenant}#{document_id}", tenant=tenant, document_id=document_id
    )


def _waiting(paper: Document) -> str:
    """A received paper as the town's pile says it: its type and whose (never its file's name, which the
    parent chose and may say more than the paper's type)."""
    return paper.document_type_id + (f" – {paper.child_id}" if paper.child_id else f" – {paper.family_id}")


def changed_since(tenant: TenantSlug, since: datetime, after: str | None) -> tuple[list[Document], str | None]:
    """The town's feed: papers changed from ``since`` on, as they are now, a page at a time (``feeds``)."""
    records, next_cursor = FEED.page(tenant, since, after)
    return [_document(r) for r in records], next_cursor


def _document_record(tenant: TenantSlug, d: Document) -> DocumentRecord:
    gsi2pk, gsi2sk = FEED.index_keys(tenant, d.changed_at, d.document_id)
    return DocumentRecord(
        document_key(tenant, d.document_id),
        DOCUMENT,
        gsi2pk=gsi2pk,
        gsi2sk=gsi2sk,
        gsi1pk=family_partition(tenant, d.family_id),
        gsi1sk=f"UPLOADED#{clock.rfc3339(d.uploaded_at, 'microseconds')}#{d.document_id}",
        family_id=d.family_id,
        document_type_id=d.document_type_id,
        child_id=d.child_id,
        file_name=d.file_name,
        content_type=d.content_type,
        size=d.size,
        status=d.status,
        uploaded_at=d.uploaded_at,
        changed_at=d.changed_at,
        account_id=d.account_id,
        decided_at=d.decided_at,
        valid_until=d.valid_until.isoformat() if d.valid_until else None,
        reason=d.reason,
        file_etag=d.file_etag,
    )


def _document(record: DocumentRecord) -> Document:
    return Document(
        document_id=str(record.pk).rsplit("#", 1)[1],
        family_id=record.family_id,
        document_type_id=record.document_type_id,
        child_id=record.child_id,
        file_name=record.file_name,
        content_type=cast(ContentType, record.content_type),
        size=int(record.size),
        status=cast(DocumentStatus, record.status),
        uploaded_at=record.uploaded_at,
        changed_at=record.changed_at,
        account_id=record.account_id,
        decided_at=record.decided_at,
        valid_until=date.fromisoformat(record.valid_until) if record.valid_until else None,
        reason=record.reason,
        file_etag=record.file_etag,
    )


def _type(record: DocumentTypeRecord) -> DocumentType:
    return DocumentType(
        document_type_id=str(record.sk).removeprefix(TYPE_PREFIX),
        label=record.label,
        scope=cast(Scope, record.scope),
        validity_months=int(record.validity_months) if record.validity_months else None,
        required_for=tuple(str(a) for a in record.required_for or ()),
    )


def _family_document_record(tenant: TenantSlug, d: FamilyDocument) -> FamilyDocumentRecord:
    return FamilyDocumentRecord(
        family_document_key(tenant, d.document_id),
        FAMILY_DOCUMENT,
        gsi1pk=family_partition(tenant, d.family_id),
        gsi1sk=f"RECEIVED#{d.date.isoformat()}#{d.document_id}",
        family_id=d.family_id,
        kind=d.kind,
        title=d.title,
        date=d.date.isoformat(),
        request_id=d.request_id,
        has_pdf=d.has_pdf,
    )


def _family_document(record: FamilyDocumentRecord) -> FamilyDocument:
    return FamilyDocument(
        document_id=str(record.pk).rsplit("#", 1)[1],
        family_id=record.family_id,
        kind=cast(FamilyDocumentKind, record.kind),
        title=record.title,
        date=date.fromisoformat(record.date),
        request_id=record.request_id,
        has_pdf=record.has_pdf,
    )
