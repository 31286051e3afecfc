"""Bodies of the usage report."""

from __future__ import annotations

from typing import Annotated

from pydantic import StringConstraints

from portal.platform.schemas import Output, Query


class UsageQuery(Query):
    """The usage report's query string; unknown parameters are ignored."""

    month: Annotated[str, StringConstraints(pattern=r"^\d{4}-(0[1-9]|1[0-2])$")]


class OnlinePaymentsUsed(Output):
    count: int
    amount_cents: int


class Usage(Output):
    tenant: str
    month: str
    requests: dict[str, int]
    emails_sent: int
    pdf_links: int
    online_payments: OnlinePaymentsUsed
    active_accounts: int
