"""What a citizen sees of an invoice: amounts, payments, balance, status, PDF.

Paid amount, balance and status are derived from the payments on every read,
so they always agree with the payments, whatever order imports came in.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Final, Literal

from portal.billing.model import BilledInvoice, InvoiceLine

type InvoiceStatus = Literal["to_pay", "paid"]
"""An invoice with a balance left is to pay; paid otherwise."""

TO_PAY: Final = "to_pay"
PAID: Final = "paid"


@dataclass(frozen=True)
class PaymentView:
    number: str
    type: str
    date: str
    amount_cents: int
    description: str


@dataclass(frozen=True)
class InvoiceView:
    """An invoice as the billing space shows it (the ``Invoice`` body)."""

    invoice_id: str
    family_id: str
    number: str
    date: str
    due_date: str
    issuer: str
    nature: str
    amount_cents: int
    paid_cents: int
    balance_cents: int
    status: InvoiceStatus
    has_pdf: bool
    payments: tuple[PaymentView, ...]

    @property
    def order(self) -> tuple[str, str, str]:
        """Newest first is this, descending: by date, then number (then id, to be total)."""
        return self.date, self.number, self.invoice_id


@dataclass(frozen=True)
class InvoiceDetailView(InvoiceView):
    """An invoice with its family's label and its lines (the ``InvoiceDetail`` body)."""

    family_label: str
    lines: tuple[InvoiceLine, ...]


def view(billed: BilledInvoice) -> InvoiceView:
    invoice = billed.invoice
    ordered = sorted(billed.payments, key=lambda p: (p.date, p.number))
    paid = sum(p.amount_cents for p in ordered)
    balance = max(0, invoice.amount_cents - paid)
    return InvoiceView(
        invoice_id=invoice.invoice_id,
        family_id=invoice.family_id,
        number=invoice.number,
        date=invoice.date,
        due_date=invoice.due_date,
        issuer=invoice.issuer,
        nature=invoice.nature,
        amount_cents=invoice.amount_cents,
        paid_cents=paid,
        balance_cents=balance,
        status=TO_PAY if balance > 0 else PAID,
        has_pdf=billed.pdf_key is not None,
        payments=tuple(PaymentView(p.number, p.payment_type, p.date, p.amount_cents, p.description) for p in ordered),
    )
