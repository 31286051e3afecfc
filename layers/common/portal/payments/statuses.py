"""An online payment as its account reads it (its status, its data export): the store and the model only,
not the provider and billing modules that starting and settling a payment load (``online``)."""

from __future__ import annotations

from typing import TYPE_CHECKING

from portal.kernel import clock
from portal.payments import store
from portal.payments.model import OnlinePayment, PaymentStatus

if TYPE_CHECKING:
    from portal.accounts.sessions import Principal  # PyJWT: loaded with the first citizen request, not at start-up


def started_by(principal: Principal) -> tuple[PaymentStatus, ...]:
    """The online payments an account started (its data export)."""
    return tuple(view(p) for p in store.started_by(principal.tenant, principal.account_id))


def view(payment: OnlinePayment) -> PaymentStatus:
    return PaymentStatus(
        transaction_id=payment.transaction_id,
        invoice_id=payment.invoice_id,
        amount_cents=payment.amount_cents,
        status=payment.status,
        created_at=clock.rfc3339(payment.created_at),
        paid_at=clock.rfc3339(payment.paid_at) if payment.paid_at else None,
    )
