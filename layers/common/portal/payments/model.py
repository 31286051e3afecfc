"""Online payment's values."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime


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
    tenant: str
    account_id: str
    invoice_id: str
    family_id: str
    amount_cents: int
    status: str
    provider: str
    idop: str
    refdet: str
    created_at: datetime
    paid_at: datetime | None = None
    provider_reference: str | None = None
    booked_number: str | None = None
