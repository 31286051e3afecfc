"""What a citizen sees of an invoice: amounts, payments, balance, status, PDF.

Paid amount, balance and status are derived from the payment items on every
read, so they always agree with the payments, whatever order imports came in.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from ..store.models import InvoiceRecord, PaymentRecord, PdfRecord

TO_PAY, PAID = "to_pay", "paid"


def view(invoice: InvoiceRecord, payments: Iterable[PaymentRecord], has_pdf: bool) -> dict[str, Any]:
    ordered = sorted(payments, key=lambda p: (p.date, p.number))
    paid = sum(int(p.amount_cents) for p in ordered)
    balance = max(0, int(invoice.amount_cents) - paid)
    return {
        "invoice_id": invoice.invoice_id,
        "family_id": invoice.family_id,
        "number": invoice.number,
        "date": invoice.date,
        "due_date": invoice.due_date,
        "issuer": invoice.issuer,
        "nature": invoice.nature,
        "amount_cents": int(invoice.amount_cents),
        "paid_cents": paid,
        "balance_cents": balance,
        "status": TO_PAY if balance > 0 else PAID,
        "has_pdf": has_pdf,
        "payments": [
            {
                "number": p.number,
                "type": p.payment_type,
                "date": p.date,
                "amount_cents": int(p.amount_cents),
                "description": p.description,
            }
            for p in ordered
        ],
    }


def group(items: Iterable[object]) -> list[dict[str, Any]]:
    """Invoice views from a family's (or an invoice's) items, in the order the invoices came."""
    invoices: dict[str, InvoiceRecord] = {}
    payments: dict[str, list[PaymentRecord]] = {}
    pdfs: set[str] = set()
    for item in items:
        if isinstance(item, InvoiceRecord):
            invoices[item.invoice_id] = item
        elif isinstance(item, PaymentRecord):
            payments.setdefault(item.invoice_id, []).append(item)
        elif isinstance(item, PdfRecord):
            pdfs.add(item.invoice_id)
    return [view(inv, payments.get(iid, []), iid in pdfs) for iid, inv in invoices.items()]
