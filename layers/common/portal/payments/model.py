"""Online payment's values."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Final, Literal

from portal.kernel.ids import TenantSlug

type PaymentState = Literal["pending", "paid", "refused", "abandoned", "expired"]
"""A transaction's status: pending, then paid (final), refused, abandoned or expired."""

PENDING: Final = "pending"
PAID: Final = "paid"
REFUSED: Final = "refused"
ABANDONED: Final = "abandoned"
EXPIRED: Final = "expired"
NOT_PAID: Final[tuple[PaymentState, ...]] = (PENDING, REFUSED, ABANDONED, EXPIRED)


@dataclass(frozen=True)
class OnlinePayment:
    """One attempt to pay an invoice online (a transaction), and what the provider said of it.

    ``status``: pending, then paid, refused, abandoned or expired; only paid is
    final (a refused or abandoned card may still be paid on the provider's page,
    and a late "paid" after expiry still means money was taken).
    ``provider_reference``: the authorisation number, the payment's number on
    the invoice. ``booked_number``: the number under which the billing software
    re-imported this payment, which then replaces the portal's own record."""

    transaction_id: str
    tenant: TenantSlug
    account_id: str
    invoice_id: str
    family_id: str
    amount_cents: int
    status: PaymentState
    provider: str
    idop: str
    refdet: str
    created_at: datetime
    paid_at: datetime | None = None
    provider_reference: str | None = None
    booked_number: str | None = None


@dataclass(frozen=True)
class PaymentStarted:
    """A new attempt and where to send the parent (the ``PaymentStarted`` body)."""

    transaction_id: str
    status: PaymentState
    amount_cents: int
    redirect_url: str


@dataclass(frozen=True)
class PaymentStatus:
    """An attempt as its account sees it (the ``OnlinePayment`` body)."""

    transaction_id: str
    invoice_id: str
    amount_cents: int
    status: PaymentState
    created_at: str
    paid_at: str | None


@dataclass(frozen=True)
class PaidOnline:
    """A paid online payment, for the billing software to book (the ``PaidOnline`` body)."""

    transaction_id: str
    invoice_id: str
    family_id: str
    amount_cents: int
    paid_at: str
    provider: str
    provider_reference: str | None


@dataclass(frozen=True)
class PaidOnlineFeed:
    items: tuple[PaidOnline, ...]
    next_cursor: str | None
