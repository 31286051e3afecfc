"""Bodies of online payment: starting one, its status, the reconciliation feed."""

from __future__ import annotations

from typing import Annotated, Literal

from pydantic import StringConstraints

from portal.platform.schemas import Day, Input, Output, Query

TransactionId = Annotated[str, StringConstraints(pattern=r"^[0-9a-f]{32}$")]


class StartPayment(Input):
    """Nothing to give: the amount is the invoice's balance, computed by the server."""


class PaymentStarted(Output):
    transaction_id: str
    status: Literal["pending"]
    amount_cents: int
    redirect_url: str


class OnlinePayment(Output):
    transaction_id: str
    invoice_id: str
    amount_cents: int
    status: Literal["pending", "paid", "refused", "abandoned", "expired"]
    created_at: str
    paid_at: str | None


class PaidOnline(Output):
    transaction_id: str
    invoice_id: str
    family_id: str
    amount_cents: int
    paid_at: str
    provider: str
    provider_reference: str | None


class OnlinePaymentsFeed(Output):
    items: list[PaidOnline]
    next_cursor: str | None


class FeedQuery(Query):
    """The feed's query string; unknown parameters are ignored."""

    since: Day
    cursor: Annotated[str, StringConstraints(min_length=1, max_length=2048)] | None = None
