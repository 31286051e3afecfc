"""Families, subscriber codes, invoices, payments, PDF markers and due markers; the PDFs in the bucket.

| access pattern                         | key condition                                                   |
|----------------------------------------|-----------------------------------------------------------------|
| family by id                           | GetItem pk=TENANT#{t}#FAMILY#{f}, sk=FAMILY                     |
| family by subscriber code              | GetItem pk=TENANT#{t}#SUBCODE#{hmac}, sk=SUBCODE → family_id    |
| invoice by id, with payments and PDF   | Query pk=TENANT#{t}#INVOICE#{i} (sk INVOICE, PAYMENT#{n}, PDF, DUE) |
| invoices of a family, newest first,    | Query FamilyIndex gsi1pk=TENANT#{t}#FAMILY#{f}, descending:     |
|   each with its payments and PDF flag  |   gsi1sk={date}#{number}#{i}[#PAYMENT#{n} / #PDF]               |
| invoice by (emission code, reference)  | Query InvoiceRefIndex gsi2pk=TENANT#{t}#INVREF#{EMISSION}#{REF} |
| invoices due on a day, every tenant    | Query FamilyIndex gsi1pk=DUE#{day} (markers under future-due invoices) |

Reads are batched (BatchGetItem) and writes too (BatchWriteItem), except a
family that claims a subscriber code: family, code owner and the release of
its previous code go in one transaction, so a code can never belong to two
families, even with imports running in parallel. Payments and the PDF marker
sit under their invoice and beside it in FamilyIndex, so re-importing an
invoice (a plain Put) never loses them, and paid/balance/status are computed
from the payments when read. Subscriber and personal codes are stored only as
their HMAC-SHA256 (``billing.codes``): a copy of the table does not reveal them.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping
from typing import Any

from pynamodb.attributes import ListAttribute, MapAttribute, NumberAttribute, UnicodeAttribute
from pynamodb.exceptions import DoesNotExist
from pynamodb.expressions.condition import Condition
from pynamodb.models import Model
from pynamodb.transactions import TransactWrite

from portal.billing.model import BilledInvoice, Family, Invoice, InvoiceLine, InvoiceMatch, Payment
from portal.kernel import clock
from portal.kernel.ids import TenantSlug
from portal.platform import objects
from portal.platform.aws import translate_aws_errors
from portal.platform.table import (
    FamilyIndex,
    InvoiceRefIndex,
    Item,
    attributes_of,
    connection,
    query_items,
    save_all,
    value_of,
    write_if,
)

FAMILY, SUBCODE, INVOICE, PDF, DUE = "FAMILY", "SUBCODE", "INVOICE", "PDF", "DUE"
PAYMENT_PREFIX = "PAYMENT#"


def family_key(tenant: TenantSlug, family_id: str) -> str:
    return f"TENANT#{tenant}#FAMILY#{family_id}"


def subscriber_code_key(tenant: TenantSlug, code_digest: str) -> str:
    return f"TENANT#{tenant}#SUBCODE#{code_digest}"


def invoice_key(tenant: TenantSlug, invoice_id: str) -> str:
    return f"TENANT#{tenant}#INVOICE#{invoice_id}"


def payment_sort(number: str) -> str:
    return f"{PAYMENT_PREFIX}{number}"


def invoice_reference(tenant: TenantSlug, emission_code: str, reference: str) -> str:
    """InvoiceRefIndex key of an (emission code, reference) pair, both already normalised."""
    return f"TENANT#{tenant}#INVREF#{emission_code}#{reference}"


def family_sort(date: str, number: str, invoice_id: str) -> str:
    """FamilyIndex sort key of an invoice: newest first when read descending."""
    return f"{date}#{number}#{invoice_id}"


def due_partition(day: str) -> str:
    """FamilyIndex partition of every tenant's invoices falling due on a day (the daily reminder job's)."""
    return f"DUE#{day}"


def pdf_object(tenant: TenantSlug, invoice_id: str) -> str:
    return f"invoices/{tenant}/{invoice_id}.pdf"


class _BesideInvoice(Item):
    """An item listed in FamilyIndex: an invoice, or what hangs on it next to it."""

    gsi1pk = UnicodeAttribute()
    gsi1sk = UnicodeAttribute()
    invoice_id = UnicodeAttribute()


class FamilyRecord(Item):
    """A family (billing account) published by the municipality."""

    sk = UnicodeAttribute(range_key=True, default=FAMILY)
    family_id = UnicodeAttribute()
    label = UnicodeAttribute()
    code_digest = UnicodeAttribute(null=True)


class DueRecord(Item):
    """Marks an invoice not yet due in its partition, listed in FamilyIndex under DUE#{due_date}
    (gsi1sk {tenant}#{invoice}): the reminder job finds a day's invoices with one Query, no Scan."""

    sort_key = DUE

    sk = UnicodeAttribute(range_key=True, default=DUE)
    gsi1pk = UnicodeAttribute()
    gsi1sk = UnicodeAttribute()
    tenant = UnicodeAttribute()
    invoice_id = UnicodeAttribute()


class SubscriberCodeRecord(Item):
    """Owner of a subscriber code (by its HMAC); the key makes a code belong to one family."""

    sk = UnicodeAttribute(range_key=True, default=SUBCODE)
    family_id = UnicodeAttribute()


class LineAttribute(MapAttribute[str, Any]):
    label = UnicodeAttribute()
    quantity = NumberAttribute()
    unit_price_cents = NumberAttribute()
    amount_cents = NumberAttribute()


class InvoiceRecord(_BesideInvoice):
    """An invoice; its payments and PDF marker live under the same partition key."""

    sort_key = INVOICE

    sk = UnicodeAttribute(range_key=True, default=INVOICE)
    gsi2pk = UnicodeAttribute()
    gsi2sk = UnicodeAttribute()
    family_index: FamilyIndex[InvoiceRecord] = FamilyIndex()
    ref_index: InvoiceRefIndex[InvoiceRecord] = InvoiceRefIndex()

    family_id = UnicodeAttribute()
    number = UnicodeAttribute()
    reference = UnicodeAttribute()
    emission_code = UnicodeAttribute()
    personal_code_digest = UnicodeAttribute()
    date = UnicodeAttribute()
    due_date = UnicodeAttribute()
    issuer = UnicodeAttribute()
    nature = UnicodeAttribute()
    amount_cents = NumberAttribute()
    lines = ListAttribute(of=LineAttribute, default=list)


class PaymentRecord(_BesideInvoice):
    """A payment of an invoice, keyed by its number."""

    sort_prefix = PAYMENT_PREFIX

    number = UnicodeAttribute()
    payment_type = UnicodeAttribute()
    date = UnicodeAttribute()
    amount_cents = NumberAttribute()
    description = UnicodeAttribute(default="")


class PdfRecord(_BesideInvoice):
    """Marks that an invoice's PDF is stored in S3, under ``s3_key``."""

    sort_key = PDF

    sk = UnicodeAttribute(range_key=True, default=PDF)
    s3_key = UnicodeAttribute()
    size = NumberAttribute()
    dropped = UnicodeAttribute(null=True)  # a bulk drop's order (``drop_order``), none for a PUT


# What an invoice's partition (and its place in FamilyIndex) holds.
_BILLED = (InvoiceRecord, PaymentRecord, PdfRecord, DueRecord)

# --- families and subscriber codes -----------------------------------------------


def families(tenant: TenantSlug, family_ids: Iterable[str]) -> dict[str, Family]:
    found = _batch_get(FamilyRecord, ((family_key(tenant, f), FAMILY) for f in family_ids))
    return {record.family_id: value_of(Family, record) for record in found}


def code_owners(tenant: TenantSlug, digests: Iterable[str]) -> dict[str, str]:
    """Subscriber-code digest → the family that owns it."""
    found = _batch_get(SubscriberCodeRecord, ((subscriber_code_key(tenant, d), SUBCODE) for d in digests))
    return {record.pk.rsplit("#", 1)[1]: record.family_id for record in found}


def family_of_code(tenant: TenantSlug, digest: str) -> str | None:
    """The family owning a subscriber code (by digest), or None."""
    with translate_aws_errors():
        try:
            return SubscriberCodeRecord.get(subscriber_code_key(tenant, digest), SUBCODE).family_id
        except DoesNotExist:
            return None


def save_families(tenant: TenantSlug, plain: Iterable[Family]) -> None:
    """Store families that carry no subscriber code."""
    save_all(_family_item(tenant, family) for family in plain)


def save_family_with_code(tenant: TenantSlug, family: Family, previous_digest: str | None) -> bool:
    """Store a family and claim its code; False if another family owns the code."""
    digest = family.code_digest
    assert digest is not None, "a family without a code goes through save_families"
    record = _family_item(tenant, family)
    owner = SubscriberCodeRecord(subscriber_code_key(tenant, digest), SUBCODE, family_id=family.family_id)

    def claim() -> None:
        with TransactWrite(connection=connection()) as transaction:
            transaction.save(record)
            transaction.save(
                owner,
                condition=SubscriberCodeRecord.pk.does_not_exist()
                | (SubscriberCodeRecord.family_id == family.family_id),
            )
            if previous_digest and previous_digest != digest:
                old = SubscriberCodeRecord(subscriber_code_key(tenant, previous_digest), SUBCODE)
                transaction.delete(old, condition=SubscriberCodeRecord.family_id == family.family_id)

    return write_if(claim)


def _family_item(tenant: TenantSlug, family: Family) -> FamilyRecord:
    return FamilyRecord(family_key(tenant, family.family_id), FAMILY, **attributes_of(family))


# --- invoices and payments -------------------------------------------------------


def invoices(tenant: TenantSlug, invoice_ids: Iterable[str]) -> dict[str, Invoice]:
    found = _batch_get(InvoiceRecord, ((invoice_key(tenant, i), INVOICE) for i in invoice_ids))
    return {record.invoice_id: _invoice(record) for record in found}


def invoice_matches(tenant: TenantSlug, emission_code: str, reference: str) -> list[InvoiceMatch]:
    """Invoices carrying an (emission code, reference) pair (normalised): what subscribing compares."""
    with translate_aws_errors():
        found = InvoiceRecord.ref_index.query(invoice_reference(tenant, emission_code, reference), limit=10)
        return [value_of(InvoiceMatch, record, amount_cents=int(record.amount_cents)) for record in found]


def save_invoices(
    tenant: TenantSlug, published: Iterable[Invoice], announce: Callable[[list[Invoice]], None] | None = None
) -> None:
    """Put invoices; one that moved (family, date or number) takes its payments and PDF along.
    ``announce`` is told the invoices that did not exist yet, before any is written."""
    published = list(published)
    items = {invoice.invoice_id: _invoice_item(tenant, invoice) for invoice in published}
    before = _batch_get(InvoiceRecord, ((item.pk, INVOICE) for item in items.values()))
    if announce is not None:
        existing = {old.invoice_id for old in before}
        announce([invoice for invoice in published if invoice.invoice_id not in existing])
    today = clock.now().date().isoformat()
    due = [_due_item(tenant, invoice) for invoice in published if invoice.due_date >= today]
    save_all([*items.values(), *due])
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
    save_all(moved)


def save_payments(tenant: TenantSlug, payments: Iterable[Payment], invoices_by_id: Mapping[str, Invoice]) -> None:
    """Put payments (upserts by invoice and number) under their invoices, which must be given."""
    save_all(payment_item(tenant, invoices_by_id[p.invoice_id], p) for p in payments)


def save_pdf_marker(tenant: TenantSlug, invoice: Invoice, s3_key: str, size: int, dropped: str | None = None) -> bool:
    gsi1pk, gsi1sk = _family_position(tenant, invoice)
    record = PdfRecord(
        invoice_key(tenant, invoice.invoice_id),
        PDF,
        gsi1pk=gsi1pk,
        gsi1sk=f"{gsi1sk}#{PDF}",
        invoice_id=invoice.invoice_id,
        s3_key=s3_key,
        size=size,
        dropped=dropped,
    )
    if dropped is None:
        with translate_aws_errors():
            record.save()
        return True
    # A drop attaches unless a later one of the same invoice did (events can come out of order).
    return write_if(lambda: record.save(condition=PdfRecord.dropped.does_not_exist() | (PdfRecord.dropped <= dropped)))


def pdf_marker(tenant: TenantSlug, invoice_id: str) -> PdfRecord | None:
    """An invoice's PDF marker, if it has one (a consistent read)."""
    with translate_aws_errors():
        try:
            return PdfRecord.get(invoice_key(tenant, invoice_id), PDF, consistent_read=True)
        except DoesNotExist:
            return None


def drop_order(sequencer: str) -> str:
    """S3's sequencer of an object's event, comparable as text: hexadecimal, the shorter right-padded with
    zeros (as S3 says to compare them)."""
    return sequencer.lower().ljust(32, "0")


def billed_invoice(tenant: TenantSlug, invoice_id: str) -> BilledInvoice | None:
    """The invoice, its payments and its PDF marker: one Query on the invoice's key."""
    found = _billed(query_items(_BILLED, hash_key=invoice_key(tenant, invoice_id)))
    return found[0] if found else None


def family_invoices(tenant: TenantSlug, family_id: str) -> list[BilledInvoice]:
    """Every invoice of a family with its payments and PDF, newest first: one Query on FamilyIndex."""
    return _billed(
        query_items(_BILLED, hash_key=family_key(tenant, family_id), index_name="FamilyIndex", scan_index_forward=False)
    )


def _family_position(tenant: TenantSlug, invoice: Invoice) -> tuple[str, str]:
    """Where an invoice (and what hangs on it) sits in FamilyIndex."""
    return family_key(tenant, invoice.family_id), family_sort(invoice.date, invoice.number, invoice.invoice_id)


def _due_item(tenant: TenantSlug, invoice: Invoice) -> DueRecord:
    """The invoice's place among those due on its day (a re-import moves it to a new due date)."""
    return DueRecord(
        invoice_key(tenant, invoice.invoice_id),
        DUE,
        gsi1pk=due_partition(invoice.due_date),
        gsi1sk=f"{tenant}#{invoice.invoice_id}",
        tenant=tenant,
        invoice_id=invoice.invoice_id,
    )


def due_on(day: str) -> dict[TenantSlug, list[str]]:
    """Every tenant's invoices due on ``day`` (those imported before they fell due): tenant → invoice ids."""
    found: dict[TenantSlug, list[str]] = {}
    for record in query_items((DueRecord,), hash_key=due_partition(day), index_name="FamilyIndex"):
        if isinstance(record, DueRecord):
            found.setdefault(TenantSlug(record.tenant), []).append(record.invoice_id)
    return found


def _invoice_item(tenant: TenantSlug, invoice: Invoice) -> InvoiceRecord:
    gsi1pk, gsi1sk = _family_position(tenant, invoice)
    return InvoiceRecord(
        invoice_key(tenant, invoice.invoice_id),
        INVOICE,
        gsi1pk=gsi1pk,
        gsi1sk=gsi1sk,
        gsi2pk=invoice_reference(tenant, invoice.emission_code, invoice.reference),
        gsi2sk=invoice.invoice_id,
        lines=[LineAttribute(**attributes_of(line)) for line in invoice.lines],
        **attributes_of(invoice, "lines"),
    )


def payment_item(tenant: TenantSlug, invoice: Invoice, payment: Payment) -> PaymentRecord:
    gsi1pk, gsi1sk = _family_position(tenant, invoice)
    sort = payment_sort(payment.number)
    return PaymentRecord(
        invoice_key(tenant, payment.invoice_id),
        sort,
        gsi1pk=gsi1pk,
        gsi1sk=f"{gsi1sk}#{sort}",
        **attributes_of(payment),
    )


def new_payment(tenant: TenantSlug, invoice: Invoice, payment: Payment) -> tuple[PaymentRecord, Condition]:
    """A payment to add under its invoice inside another area's transaction, with the condition that keeps
    it single: no payment of that number yet (an online payment settled twice books once)."""
    return payment_item(tenant, invoice, payment), PaymentRecord.pk.does_not_exist()


def remove_payment(tenant: TenantSlug, invoice_id: str, number: str) -> None:
    """Remove a payment from its invoice (the billing software's own record replaced the portal's)."""
    with translate_aws_errors():
        PaymentRecord(invoice_key(tenant, invoice_id), payment_sort(number)).delete()


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


# --- invoice PDFs in the documents bucket ------------------------------------------


def put_pdf(tenant: TenantSlug, invoice_id: str, data: bytes, filename: str) -> str:
    """Store an invoice's PDF; returns its object key."""
    key = pdf_object(tenant, invoice_id)
    objects.put(key, data, "application/pdf", filename)
    return key


def copy_pdf(
    tenant: TenantSlug, invoice_id: str, source: str, version: str | None, filename: str, dropped: str | None = None
) -> str:
    """Store an invoice's PDF by copying an object of the bucket (inside S3); returns its object key: a bulk
    drop's own (its order in the name), so that a drop that lost to a later one removes only its copy."""
    key = pdf_object(tenant, invoice_id) if dropped is None else f"invoices/{tenant}/{invoice_id}.{dropped}.pdf"
    objects.copy(source, version, key, "application/pdf", filename)
    return key


def pdf_link(key: str, filename: str, seconds: int) -> str:
    """A presigned GET serving the PDF as an attachment."""
    return objects.link(key, "application/pdf", filename, seconds)
