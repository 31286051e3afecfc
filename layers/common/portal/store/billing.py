"""Families, subscriber codes, invoices, payments and PDF markers.

Reads are batched (BatchGetItem) and writes too (BatchWriteItem), except a
family that claims a subscriber code: family, code owner and the release of
its previous code go in one transaction, so a code can never belong to two
families, even with imports running in parallel. Payments and the PDF marker
sit under their invoice and beside it in FamilyIndex (``table``).
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping

from pynamodb.exceptions import DoesNotExist
from pynamodb.models import Model
from pynamodb.transactions import TransactWrite

from portal.domain.model import BilledInvoice, Family, Invoice, InvoiceLine, InvoiceMatch, Payment
from portal.kernel import clock
from portal.platform.aws import translate_aws_errors
from portal.platform.table import (
    DueRecord,
    FamilyRecord,
    InvoiceRecord,
    PaymentRecord,
    PdfRecord,
    SubscriberCodeRecord,
    attributes_of,
    connection,
    query_items,
    value_of,
    write_if,
)
from portal.platform.table import InvoiceLine as LineAttribute
from portal.store import keys

# What an invoice's partition (and its place in FamilyIndex) holds.
_BILLED = (InvoiceRecord, PaymentRecord, PdfRecord, DueRecord)

# --- families and subscriber codes -----------------------------------------------


def families(tenant: str, family_ids: Iterable[str]) -> dict[str, Family]:
    found = _batch_get(FamilyRecord, ((keys.family(tenant, f), keys.FAMILY) for f in family_ids))
    return {record.family_id: value_of(Family, record) for record in found}


def code_owners(tenant: str, digests: Iterable[str]) -> dict[str, str]:
    """Subscriber-code digest → the family that owns it."""
    found = _batch_get(SubscriberCodeRecord, ((keys.subscriber_code(tenant, d), keys.SUBCODE) for d in digests))
    return {record.pk.rsplit("#", 1)[1]: record.family_id for record in found}


def family_of_code(tenant: str, digest: str) -> str | None:
    """The family owning a subscriber code (by digest), or None."""
    with translate_aws_errors():
        try:
            return SubscriberCodeRecord.get(keys.subscriber_code(tenant, digest), keys.SUBCODE).family_id
        except DoesNotExist:
            return None


def save_families(tenant: str, plain: Iterable[Family]) -> None:
    """Store families that carry no subscriber code."""
    _save_all(_family_item(tenant, family) for family in plain)


def save_family_with_code(tenant: str, family: Family, previous_digest: str | None) -> bool:
    """Store a family and claim its code; False if another family owns the code."""
    digest = family.code_digest
    assert digest is not None, "a family without a code goes through save_families"
    record = _family_item(tenant, family)
    owner = SubscriberCodeRecord(keys.subscriber_code(tenant, digest), keys.SUBCODE, family_id=family.family_id)

    def claim() -> None:
        with TransactWrite(connection=connection()) as transaction:
            transaction.save(record)
            transaction.save(
                owner,
                condition=SubscriberCodeRecord.pk.does_not_exist()
                | (SubscriberCodeRecord.family_id == family.family_id),
            )
            if previous_digest and previous_digest != digest:
                old = SubscriberCodeRecord(keys.subscriber_code(tenant, previous_digest), keys.SUBCODE)
                transaction.delete(old, condition=SubscriberCodeRecord.family_id == family.family_id)

    return write_if(claim)


def _family_item(tenant: str, family: Family) -> FamilyRecord:
    return FamilyRecord(keys.family(tenant, family.family_id), keys.FAMILY, **attributes_of(family))


# --- invoices and payments -------------------------------------------------------


def invoices(tenant: str, invoice_ids: Iterable[str]) -> dict[str, Invoice]:
    found = _batch_get(InvoiceRecord, ((keys.invoice(tenant, i), keys.INVOICE) for i in invoice_ids))
    return {record.invoice_id: _invoice(record) for record in found}


def invoice_matches(tenant: str, emission_code: str, reference: str) -> list[InvoiceMatch]:
    """Invoices carrying an (emission code, reference) pair (normalised): what subscribing compares."""
    with translate_aws_errors():
        found = InvoiceRecord.ref_index.query(keys.invoice_reference(tenant, emission_code, reference), limit=10)
        return [value_of(InvoiceMatch, record, amount_cents=int(record.amount_cents)) for record in found]


def save_invoices(
    tenant: str, published: Iterable[Invoice], announce: Callable[[list[Invoice]], None] | None = None
) -> None:
    """Put invoices; one that moved (family, date or number) takes its payments and PDF along.
    ``announce`` is told the invoices that did not exist yet, before any is written."""
    published = list(published)
    items = {invoice.invoice_id: _invoice_item(tenant, invoice) for invoice in published}
    before = _batch_get(InvoiceRecord, ((item.pk, keys.INVOICE) for item in items.values()))
    if announce is not None:
        existing = {old.invoice_id for old in before}
        announce([invoice for invoice in published if invoice.invoice_id not in existing])
    today = clock.now().date().isoformat()
    due = [_due_item(tenant, invoice) for invoice in published if invoice.due_date >= today]
    _save_all([*items.values(), *due])
    moved: list[Model] = []
    for old in before:
        new = items[old.invoice_id]
        if (old.gsi1pk, old.gsi1sk) == (new.gsi1pk, new.gsi1sk):
            continue
        for child in query_items(_BILLED, hash_key=new.pk):
            if isinstance(child, PaymentRecord | PdfRecord):
                suffix = child.gsi1sk.removeprefix(old.gsi1sk)
                child.gsi1pk, child.gsi1sk = new.gsi1pk, new.gsi1sk + suffix
                moved.append(child)
    _save_all(moved)


def save_payments(tenant: str, payments: Iterable[Payment], invoices_by_id: Mapping[str, Invoice]) -> None:
    """Put payments (upserts by invoice and number) under their invoices, which must be given."""
    _save_all(payment_item(tenant, invoices_by_id[p.invoice_id], p) for p in payments)


def save_pdf_marker(tenant: str, invoice: Invoice, s3_key: str, size: int) -> None:
    gsi1pk, gsi1sk = _family_position(tenant, invoice)
    record = PdfRecord(
        keys.invoice(tenant, invoice.invoice_id),
        keys.PDF,
        gsi1pk=gsi1pk,
        gsi1sk=f"{gsi1sk}#{keys.PDF}",
        invoice_id=invoice.invoice_id,
        s3_key=s3_key,
        size=size,
    )
    with translate_aws_errors():
        record.save()


def billed_invoice(tenant: str, invoice_id: str) -> BilledInvoice | None:
    """The invoice, its payments and its PDF marker: one Query on the invoice's key."""
    found = _billed(query_items(_BILLED, hash_key=keys.invoice(tenant, invoice_id)))
    return found[0] if found else None


def family_invoices(tenant: str, family_id: str) -> list[BilledInvoice]:
    """Every invoice of a family with its payments and PDF, newest first: one Query on FamilyIndex."""
    return _billed(
        query_items(
            _BILLED, hash_key=keys.family(tenant, family_id), index_name="FamilyIndex", scan_index_forward=False
        )
    )


def _family_position(tenant: str, invoice: Invoice) -> tuple[str, str]:
    """Where an invoice (and what hangs on it) sits in FamilyIndex."""
    return keys.family(tenant, invoice.family_id), keys.family_sort(invoice.date, invoice.number, invoice.invoice_id)


def _due_item(tenant: str, invoice: Invoice) -> DueRecord:
    """The invoice's place among those due on its day (a re-import moves it to a new due date)."""
    return DueRecord(
        keys.invoice(tenant, invoice.invoice_id),
        keys.DUE,
        gsi1pk=keys.due_on(invoice.due_date),
        gsi1sk=f"{tenant}#{invoice.invoice_id}",
        tenant=tenant,
        invoice_id=invoice.invoice_id,
    )


def due_on(day: str) -> dict[str, list[str]]:
    """Every tenant's invoices due on ``day`` (those imported before they fell due): tenant → invoice ids."""
    found: dict[str, list[str]] = {}
    for record in query_items((DueRecord,), hash_key=keys.due_on(day), index_name="FamilyIndex"):
        if isinstance(record, DueRecord):
            found.setdefault(record.tenant, []).append(record.invoice_id)
    return found


def _invoice_item(tenant: str, invoice: Invoice) -> InvoiceRecord:
    gsi1pk, gsi1sk = _family_position(tenant, invoice)
    return InvoiceRecord(
        keys.invoice(tenant, invoice.invoice_id),
        keys.INVOICE,
        gsi1pk=gsi1pk,
        gsi1sk=gsi1sk,
        gsi2pk=keys.invoice_reference(tenant, invoice.emission_code, invoice.reference),
        gsi2sk=invoice.invoice_id,
        lines=[LineAttribute(**attributes_of(line)) for line in invoice.lines],
        **attributes_of(invoice, "lines"),
    )


def payment_item(tenant: str, invoice: Invoice, payment: Payment) -> PaymentRecord:
    gsi1pk, gsi1sk = _family_position(tenant, invoice)
    sort = keys.payment_sort(payment.number)
    return PaymentRecord(
        keys.invoice(tenant, payment.invoice_id),
        sort,
        gsi1pk=gsi1pk,
        gsi1sk=f"{gsi1sk}#{sort}",
        **attributes_of(payment),
    )


def _invoice(record: InvoiceRecord) -> Invoice:
    lines = tuple(value_of(InvoiceLine, line, amount_cents=int(line.amount_cents)) for line in record.lines or [])
    return value_of(Invoice, record, amount_cents=int(record.amount_cents), lines=lines)


def _billed(items: Iterable[Model]) -> list[BilledInvoice]:
    """Invoices with their payments and PDF, in the order the invoices came."""
    found: dict[str, InvoiceRecord] = {}
    payments: dict[str, list[Payment]] = {}
    pdfs: dict[str, str] = {}
    for item in items:
        if isinstance(item, InvoiceRecord):
            found[item.invoice_id] = item
        elif isinstance(item, PaymentRecord):
            payments.setdefault(item.invoice_id, []).append(
                value_of(Payment, item, amount_cents=int(item.amount_cents))
            )
        elif isinstance(item, PdfRecord):
            pdfs[item.invoice_id] = item.s3_key
    return [
        BilledInvoice(_invoice(record), tuple(payments.get(iid, ())), pdfs.get(iid)) for iid, record in found.items()
    ]


# --- table plumbing ------------------------------------------------------------------


def _batch_get[M: Model](model: type[M], item_keys: Iterable[tuple[str, str]]) -> list[M]:
    unique = list(dict.fromkeys(item_keys))
    if not unique:
        return []
    with translate_aws_errors():
        return list(model.batch_get(unique))


def _save_all(records: Iterable[Model]) -> None:
    """Put items of any of the table's models, in BatchWriteItem calls of 25."""
    by_model: dict[type[Model], list[Model]] = {}
    for record in records:
        by_model.setdefault(type(record), []).append(record)
    with translate_aws_errors():
        for model, items in by_model.items():
            with model.batch_write() as batch:
                for item in items:
                    batch.save(item)
