"""The online payment rules, decided from values: what may be paid, what the provider is asked, whether a
replayed request is the same one, whether the provider's result is the one asked for, and what a result
does to a transaction. Pure: no I/O, no clock of their own.

``payments.online`` reads, asks these rules, and applies what they decide with conditional writes
(``payments.store``).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import datetime, timedelta

from portal.billing.model import Invoice, Payment
from portal.kernel.clock import PARIS
from portal.payments.model import PAID, PENDING, OnlinePayment, PaymentState
from portal.payments.provider import Order, Result
from portal.platform.errors import AmountAboveMaximum, AmountBelowMinimum, IdempotencyKeyReused, InvoiceAlreadyPaid

MINIMUM_CENTS, MAXIMUM_CENTS = 100, 10_000_000  # PayFiP: 1 € to 100,000 €
EXPIRE_AFTER = timedelta(hours=3)  # no result by then: expired (a later "paid" still counts)
PAYMENT_TYPES = {False: "Carte bancaire", True: "Prélèvement"}


# --- starting ----------------------------------------------------------------------------------------------


def check_amount(balance_cents: int) -> None:
    """An invoice's balance may be paid online only between PayFiP's limits; a paid one not at all."""
    if balance_cents == 0:
        raise InvoiceAlreadyPaid()
    if balance_cents < MINIMUM_CENTS:
        raise AmountBelowMinimum("An online payment must be at least 1 €: pay this balance at the counter")
    if balance_cents > MAXIMUM_CENTS:
        raise AmountAboveMaximum()


def same_request(remembered_invoice_id: str, invoice_id: str) -> None:
    """A remembered idempotency key answers again only the request it was given for (the same invoice)."""
    if remembered_invoice_id != invoice_id:
        raise IdempotencyKeyReused()


def debt_reference(number: str) -> str:
    """The invoice number in PayFiP's ``refdet`` alphabet and length: [A-Za-z0-9]{6,30}."""
    return re.sub(r"[^A-Za-z0-9]", "", number)[-30:].rjust(6, "0")


def order(
    *,
    account: str,
    mode: str,
    invoice: Invoice,
    balance_cents: int,
    email: str,
    base: str,
    provider: str,
    transaction_id: str,
) -> Order:
    """What the provider is asked to collect for an invoice's balance; ``base``: the tenant's payments URL,
    under which the provider notifies (by its name) and sends the parent back."""
    return Order(
        account=account,
        mode=mode,
        year=invoice.date[:4],
        refdet=debt_reference(invoice.number),
        amount_cents=balance_cents,
        email=email,
        label=re.sub(r"[^A-Za-z0-9 ]", "", f"Facture {invoice.number}")[:100],
        notify_url=f"{base}/notifications/{provider}",
        return_url=f"{base}/{transaction_id}/return",
    )


# --- settling ----------------------------------------------------------------------------------------------


def anomaly(payment: OnlinePayment, result: Result, account: str | None, mode: str | None) -> str | None:
    """Why a result is not the payment asked for (money may have moved in a way nobody asked for), or None.
    ``account`` and ``mode``: the tenant's régie."""
    if result.operation and result.operation != payment.idop:
        return "operation id differs"
    if result.amount_cents != payment.amount_cents:
        return "amount differs"
    if result.refdet != payment.refdet:
        return "debt reference differs"
    if result.account != account:
        return "client number differs"
    if mode == "W" and result.mode != "W":
        return "a test payment on a production régie"
    return None


@dataclass(frozen=True)
class Keep:
    """Nothing learnt: the transaction stays as stored (no result yet, or one that is an anomaly)."""


@dataclass(frozen=True)
class Expire:
    """Pending too long without a trustworthy result: expired (a later "paid" still counts)."""


@dataclass(frozen=True)
class Mark:
    """The provider's refused or abandoned: recorded unless already stored (a later "paid" still counts)."""

    status: PaymentState


@dataclass(frozen=True)
class Book:
    """Paid: the status and one payment under the invoice, in one conditional write."""

    payment: Payment
    paid_at: datetime
    reference: str


type Settlement = Keep | Expire | Mark | Book


def settlement(
    payment: OnlinePayment, result: Result | None, anomalous: bool, at: datetime, sweep_at: datetime | None
) -> Settlement:
    """What a provider's result (None: it does not know yet) does to a transaction that is not paid, learnt
    at ``at``. Without a trustworthy result, a sweep (at ``sweep_at``) expires a transaction pending for
    ``EXPIRE_AFTER``."""
    if result is None or anomalous:
        if sweep_at is not None and payment.status == PENDING and sweep_at - payment.created_at >= EXPIRE_AFTER:
            return Expire()
        return Keep()
    if result.outcome == PAID:
        return booked(payment, result, at)
    return Mark(result.outcome)


def booked(payment: OnlinePayment, result: Result, at: datetime) -> Book:
    """The payment a paid result adds under the invoice, dated the day a parent sees (Paris)."""
    paid_at = result.paid_at or at
    reference = result.reference or payment.transaction_id
    entry = Payment(
        invoice_id=payment.invoice_id,
        number=reference,
        payment_type=PAYMENT_TYPES[result.debit],
        date=paid_at.astimezone(PARIS).date().isoformat(),
        amount_cents=result.amount_cents,
        description=f"Règlement en ligne - Transaction n° {payment.transaction_id}",
    )
    return Book(entry, paid_at, reference)
