"""Billing's records in an import (families, invoices, payments): references, code uniqueness, storing.

Work is done in three passes (families, then invoices, then payments), each
with batched reads and writes. References resolve against the same file first,
then the table. A family's subscriber code belongs to one family per tenant.
What happens around billing (mails about new invoices, the portal's own online
payments booked by the billing software) is given by the caller (``publishing``).
"""

from __future__ import annotations

from collections.abc import Callable

from portal.billing import codes, store
from portal.billing.bodies import FamilyIn, InvoiceIn, PaymentIn
from portal.billing.model import Family, Invoice, InvoiceLine, Payment
from portal.platform.imports import Batch, ImportRun


def families(run: ImportRun, batch: Batch) -> set[str]:
    """Store families; a subscriber code already owned by another family rejects the line."""
    tenant = run.tenant
    digests = {fid: codes.digest(rec.subscriber_code) for fid, (_, rec) in batch.records.items() if rec.subscriber_code}
    owners = store.code_owners(tenant, digests.values())
    previous = store.families(tenant, digests.keys())
    claimed: dict[str, str] = {}

    def check(family_id: str, record: FamilyIn) -> tuple[str, str] | None:
        digest = digests.get(family_id)
        if digest is None:
            return None
        if owners.get(digest, family_id) != family_id or claimed.setdefault(digest, family_id) != family_id:
            return "subscriber_code_taken", "This subscriber code belongs to another family"
        return None

    stored: set[str] = set()
    plain = []
    for record in run.settle(batch, check):
        family = Family(record.family_id, record.label, digests.get(record.family_id))
        old = previous.get(record.family_id)
        if family.code_digest is None:
            plain.append(family)
        elif store.save_family_with_code(tenant, family, old.code_digest if old else None):
            stored.add(record.family_id)
        else:  # lost a race with another import claiming the same code
            lines = batch.lines[record.family_id]
            run.accepted -= len(lines)
            for line in lines:
                run.reject(line, "subscriber_code_taken", "This subscriber code belongs to another family")
    store.save_families(tenant, plain)
    return stored | {family.family_id for family in plain}


def invoices(
    run: ImportRun, batch: Batch, families_in_file: set[str], announce: Callable[[list[Invoice]], None]
) -> dict[str, Invoice]:
    """Store invoices whose family is known; returns the invoices of the file."""
    tenant = run.tenant
    wanted = {rec.family_id for _, rec in batch.records.values()} - families_in_file
    known = families_in_file | set(store.families(tenant, wanted))

    def check(_: str, record: InvoiceIn) -> tuple[str, str] | None:
        if record.family_id not in known:
            return "unknown_family", f"No family {record.family_id!r} in this file or already published"
        return None

    accepted: list[InvoiceIn] = run.settle(batch, check)
    published = {rec.invoice_id: _invoice(rec) for rec in accepted}
    store.save_invoices(tenant, published.values(), announce)
    return published


def _invoice(record: InvoiceIn) -> Invoice:
    return Invoice(
        invoice_id=record.invoice_id,
        family_id=record.family_id,
        number=record.number,
        reference=codes.normalize(record.reference),
        emission_code=codes.normalize(record.emission_code),
        personal_code_digest=codes.digest(record.personal_code),
        date=record.date.isoformat(),
        due_date=record.due_date.isoformat(),
        issuer=record.issuer,
        nature=record.nature,
        amount_cents=record.amount,
        lines=tuple(
            InvoiceLine(
                label=line.label,
                quantity=int(line.quantity) if line.quantity == int(line.quantity) else float(line.quantity),
                unit_price_cents=line.unit_price,
                amount_cents=line.amount,
            )
            for line in record.lines
        ),
    )


def payments(
    run: ImportRun, batch: Batch, invoices_in_file: dict[str, Invoice], booked_online: Callable[[PaymentIn], object]
) -> None:
    tenant = run.tenant
    wanted = {rec.invoice_id for _, rec in batch.records.values()} - set(invoices_in_file)
    known = {**store.invoices(tenant, wanted), **invoices_in_file}

    def check(_: str, record: PaymentIn) -> tuple[str, str] | None:
        if record.invoice_id not in known:
            return "unknown_invoice", f"No invoice {record.invoice_id!r} in this file or already published"
        return None

    accepted: list[PaymentIn] = run.settle(batch, check)
    for rec in accepted:
        if rec.transaction_id:  # the portal's own online payment, now booked: this record replaces it
            booked_online(rec)
    payments = [
        Payment(
            invoice_id=rec.invoice_id,
            number=rec.number,
            payment_type=rec.payment_type,
            date=rec.date.isoformat(),
            amount_cents=rec.amount,
            description=rec.description,
        )
        for rec in accepted
    ]
    store.save_payments(tenant, payments, known)
