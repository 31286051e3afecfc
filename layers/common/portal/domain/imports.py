"""Publishing: JSON Lines of family, invoice and payment records from billing software.

Each line is validated on its own; a bad line is reported with its number,
code and message and never stops the good ones. Records are upserts keyed by
(tenant, family_id), (tenant, invoice_id) and (tenant, invoice_id, payment
number): the same file twice stores the same items, and a later record with
a key replaces the earlier one. References resolve against the same file
first, then the table. Work is done in three passes (families, invoices,
payments), each with batched reads and writes.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from pydantic import TypeAdapter, ValidationError

from portal.domain import codes, notifications
from portal.domain.model import Family, Invoice, InvoiceLine, Payment
from portal.platform.errors import MalformedBody
from portal.schemas.publishing import FamilyIn, ImportReport, InvoiceIn, PaymentIn, Record
from portal.store import billing as store
from portal.store import payments as online

_RECORD = TypeAdapter(Record)


@dataclass
class _Batch:
    """Valid records by key (the last line with a key wins) and the lines behind each key."""

    records: dict[str, Any] = field(default_factory=dict)
    lines: dict[str, list[int]] = field(default_factory=dict)

    def add(self, key: str, line: int, record: Any) -> None:
        self.records.pop(key, None)  # keep file order of the latest occurrence
        self.records[key] = (line, record)
        self.lines.setdefault(key, []).append(line)


@dataclass
class _Import:
    tenant: str
    identity: str  # the same file retried is the same import (its new-invoice mails go once)
    accepted: int = 0
    rejected: list[dict[str, Any]] = field(default_factory=list)

    def reject(self, line: int, code: str, message: str) -> None:
        self.rejected.append({"line": line, "code": code, "message": message})

    def settle(self, batch: _Batch, ok: Callable[[str, Any], tuple[str, str] | None]) -> list[Any]:
        """Decide each key's fate; every line of a key shares it. Returns the records to store."""
        keep = []
        for key, (_, record) in batch.records.items():
            problem = ok(key, record)
            if problem:
                for line in batch.lines[key]:
                    self.reject(line, *problem)
            else:
                self.accepted += len(batch.lines[key])
                keep.append(record)
        return keep


def import_lines(tenant: str, data: bytes) -> ImportReport:
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError:
        raise MalformedBody("The body must be UTF-8 JSON Lines") from None
    run = _Import(tenant, notifications.import_id(tenant, data))
    families, invoices, payments = _Batch(), _Batch(), _Batch()
    parsed_any = False
    # Lines end at "\n" only: splitlines() would also split on U+2028, U+0085… inside JSON strings.
    for number, line in enumerate(text.split("\n"), start=1):
        if not line.strip():
            continue
        try:
            document = json.loads(line)
        except (ValueError, RecursionError):  # RecursionError: an object nested deeper than any record
            run.reject(number, "invalid_json", "This line is not a JSON object")
            continue
        parsed_any = True
        try:
            record = _RECORD.validate_python(document)
        except ValidationError as exc:
            run.reject(number, *_describe(exc))
            continue
        if isinstance(record, FamilyIn):
            families.add(record.family_id, number, record)
        elif isinstance(record, InvoiceIn):
            invoices.add(record.invoice_id, number, record)
        else:
            payments.add(f"{record.invoice_id}\n{record.number}", number, record)
    if not parsed_any:
        raise MalformedBody("The body is not JSON Lines: one JSON object per line")
    stored_families = _families(run, families)
    stored_invoices = _invoices(run, invoices, stored_families)
    _payments(run, payments, stored_invoices)
    run.rejected.sort(key=lambda r: r["line"])
    return ImportReport(accepted=run.accepted, rejected=run.rejected)


def _describe(exc: ValidationError) -> tuple[str, str]:
    errors = exc.errors(include_url=False, include_input=False)
    if any(e["type"] in {"union_tag_invalid", "union_tag_not_found"} for e in errors):
        return "unknown_type", 'Each line needs "type": "family", "invoice" or "payment"'
    if any(e["type"] in {"model_type", "dict_type"} for e in errors):
        return "invalid_record", "Each line must be a JSON object"
    codes_found = [e["type"] for e in errors]
    code = next(
        (c for c in ("invalid_amount", "inconsistent_amount", "invalid_date") if c in codes_found), "invalid_record"
    )
    details = "; ".join(f"{'.'.join(str(p) for p in e['loc'][1:]) or 'record'}: {e['msg']}" for e in errors)
    return code, details


def _families(run: _Import, batch: _Batch) -> set[str]:
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


def _invoices(run: _Import, batch: _Batch, families_in_file: set[str]) -> dict[str, Invoice]:
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
    store.save_invoices(tenant, published.values(), lambda new: notifications.announce(tenant, run.identity, new))
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


def _payments(run: _Import, batch: _Batch, invoices_in_file: dict[str, Invoice]) -> None:
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
            online.book_by_import(tenant, rec.transaction_id, rec.invoice_id, rec.number)
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
