"""Families, subscriber codes, invoices, payments and PDF markers.

Reads are batched (BatchGetItem) and writes too (BatchWriteItem), except a
family that claims a subscriber code: family, code owner and the release of
its previous code go in one transaction, so a code can never belong to two
families, even with imports running in parallel.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from pynamodb.exceptions import DoesNotExist, TransactWriteError
from pynamodb.models import Model
from pynamodb.transactions import TransactWrite

from .errors import is_conditional_failure, translate_aws_errors
from .models import FamilyRecord, InvoiceRecord, PaymentRecord, PdfRecord, SubscriberCodeRecord


def _batch_get[M: Model](model: type[M], keys: Iterable[tuple[str, str]]) -> list[M]:
    keys = list(dict.fromkeys(keys))
    if not keys:
        return []
    with translate_aws_errors():
        return list(model.batch_get(keys))


def save_all(records: Iterable[Model]) -> None:
    """Put items of any of the table's models, in BatchWriteItem calls of 25."""
    by_model: dict[type[Model], list[Model]] = {}
    for record in records:
        by_model.setdefault(type(record), []).append(record)
    with translate_aws_errors():
        for model, items in by_model.items():
            with model.batch_write() as batch:
                for item in items:
                    batch.save(item)


def families(tenant: str, family_ids: Iterable[str]) -> dict[str, FamilyRecord]:
    found = _batch_get(FamilyRecord, ((FamilyRecord.key(tenant, f), "FAMILY") for f in family_ids))
    return {record.family_id: record for record in found}


def code_owners(tenant: str, digests: Iterable[str]) -> dict[str, str]:
    """Subscriber-code digest → the family that owns it."""
    found = _batch_get(SubscriberCodeRecord, ((SubscriberCodeRecord.key(tenant, d), "SUBCODE") for d in digests))
    return {record.pk.rsplit("#", 1)[1]: record.family_id for record in found}


def family_of_code(tenant: str, digest: str) -> str | None:
    """The family owning a subscriber code (by digest), or None."""
    with translate_aws_errors():
        try:
            return SubscriberCodeRecord.get(SubscriberCodeRecord.key(tenant, digest), "SUBCODE").family_id
        except DoesNotExist:
            return None


def invoices_by_reference(ref_key: str) -> list[InvoiceRecord]:
    """Invoices carrying an (emission code, reference) pair: family, amount and personal-code digest only."""
    with translate_aws_errors():
        return list(InvoiceRecord.ref_index.query(ref_key, limit=10))


def invoices(tenant: str, invoice_ids: Iterable[str]) -> dict[str, InvoiceRecord]:
    found = _batch_get(InvoiceRecord, ((InvoiceRecord.key(tenant, i), "INVOICE") for i in invoice_ids))
    return {record.invoice_id: record for record in found}


def save_family_with_code(tenant: str, record: FamilyRecord, previous_digest: str | None) -> bool:
    """Store a family and claim its code; False if another family owns the code."""
    digest = record.code_digest
    assert digest is not None
    owner = SubscriberCodeRecord(SubscriberCodeRecord.key(tenant, digest), "SUBCODE", family_id=record.family_id)
    with translate_aws_errors():
        try:
            with TransactWrite(connection=InvoiceRecord._get_connection().connection) as transaction:
                transaction.save(record)
                transaction.save(
                    owner,
                    condition=SubscriberCodeRecord.pk.does_not_exist()
                    | (SubscriberCodeRecord.family_id == record.family_id),
                )
                if previous_digest and previous_digest != digest:
                    old = SubscriberCodeRecord(SubscriberCodeRecord.key(tenant, previous_digest), "SUBCODE")
                    transaction.delete(old, condition=SubscriberCodeRecord.family_id == record.family_id)
        except TransactWriteError as exc:
            if is_conditional_failure(exc):
                return False
            raise
    return True


def invoice_partition(tenant: str, invoice_id: str) -> list[Model]:
    """The invoice, its payments and its PDF marker: one Query on the invoice's key."""
    return _query(hash_key=InvoiceRecord.key(tenant, invoice_id))


def family_billing(tenant: str, family_id: str) -> list[Model]:
    """Every invoice of a family with its payments and PDF marker, newest invoice first: one Query."""
    return _query(hash_key=FamilyRecord.key(tenant, family_id), index_name="FamilyIndex", scan_index_forward=False)


def _query(**arguments: Any) -> list[Model]:
    """Query, following pages, and type each item by its sort key (one table, several models)."""
    table = InvoiceRecord._get_connection()
    items: list[Model] = []
    start = None
    with translate_aws_errors():
        while True:
            page = table.query(exclusive_start_key=start, **arguments)
            items += [_typed(raw) for raw in page.get("Items", [])]
            start = page.get("LastEvaluatedKey")
            if not start:
                return items


def _typed(raw: dict[str, Any]) -> Model:
    sk = raw["sk"]["S"]
    model: type[Model]
    if sk == "INVOICE":
        model = InvoiceRecord
    elif sk.startswith("PAYMENT#"):
        model = PaymentRecord
    elif sk == "PDF":
        model = PdfRecord
    else:
        raise ValueError(f"unexpected item kind {sk.split('#')[0]!r}")
    return model.from_raw_data(raw)


def save_pdf_marker(record: PdfRecord) -> None:
    with translate_aws_errors():
        record.save()
