"""The documents' records in an import: ``document_type`` (upserts) and ``family_document`` (whose family
must exist; naming a pending ``certificate`` request of that family accepts it: the paper is its answer)."""

from __future__ import annotations

from portal.billing import ledger
from portal.documents import store
from portal.documents.bodies import DocumentTypeIn, FamilyDocumentIn
from portal.documents.model import DocumentType, FamilyDocument
from portal.platform.imports import Batch, ImportRun
from portal.requests import town
from portal.requests.model import DecidedBy


def document_types(run: ImportRun, batch: Batch) -> None:
    accepted: list[DocumentTypeIn] = run.settle(batch, lambda _, __: None)
    store.save_types(
        run.tenant,
        [
            DocumentType(r.document_type_id, r.label, r.scope, r.validity_months, tuple(r.required_for))
            for r in accepted
        ],
    )


def family_documents(run: ImportRun, batch: Batch, families_in_file: set[str]) -> None:
    """Store the town's papers whose family is known; a paper answering a pending certificate request of its
    family accepts it (no mail of its own: the followers are mailed when the paper's PDF arrives)."""
    tenant = run.tenant
    named = {record.family_id for _, record in batch.records.values()}
    known = families_in_file | set(ledger.families(tenant, named - families_in_file)) if named else set()
    before = store.family_documents(tenant, [r.document_id for _, r in batch.records.values()])

    def check(_: str, record: FamilyDocumentIn) -> tuple[str, str] | None:
        if record.family_id not in known:
            return "unknown_family", f"No family {record.family_id!r} in this file or already published"
        if record.request_id and not town.answers_certificate(tenant, record.request_id, record.family_id):
            return "unknown_request", "No certificate request of this family with this id"
        return None

    accepted: list[FamilyDocumentIn] = run.settle(batch, check)
    published = [
        FamilyDocument(
            r.document_id,
            r.family_id,
            r.kind,
            r.title,
            r.date,
            r.request_id,
            has_pdf=before[r.document_id].has_pdf if r.document_id in before else False,
        )
        for r in accepted
    ]
    store.save_family_documents(tenant, published)
    for paper in published:
        if paper.request_id:
            town.answered(tenant, paper.request_id, DecidedBy("software"))
