"""What a citizen sees of an invoice: amounts, payments, balance, status, PDF.

Paid amount, balance and status are derived from the payments on every read,
so they always agree with the payments, whatever order imports came in.
"""

from __future__ import annotations

from typing import Any

from portal.billing.model import BilledInvoice

TO_PAY, PAID = "to_pay", "paid"


def view(billed: BilledInvoice) -> dict[str, Any]:
    invoice = billed.invoice
    ordered = sorted(billed.payments, key=lambda p: (p.date, p.number))
    paid = sum(p.amount_cents for p in ordered)
    balance = max(0, invoice.amount_cents - paid)
    return {
        "invoice_id": invoice.invoice_id,
        "family_id": invoice.family_id,
        "number": invoice.number,
        "date": invoice.date,
        "due_date": invoice.due_date,
        "issuer": invoice.issuer,
        "nature": invoice.nature,
        "amount_cents": invoice.amount_cents,
        "paid_cents": paid,
        "balance_cents": balance,
        "status": TO_PAY if balance > 0 else PAID,
        "has_pdf": billed.pdf_key is not None,
        "payments": [
            {
                "number": p.number,
                "type": p.payment_type,
                "date": p.date,
                "amount_cents": p.amount_cents,
                "description": p.description,
            }
            for p in ordered
        ],
    }
