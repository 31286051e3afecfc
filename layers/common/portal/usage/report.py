"""What each municipality used in a month, for per-use billing (``GET /{tenant}/admin/usage``).

The counters are written as things happen (``platform.metering``); online
payments are read from the paid-payments partition the reconciliation feed uses.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from portal.kernel import clock
from portal.kernel.ids import TenantSlug
from portal.payments import online
from portal.platform import metering
from portal.platform.errors import FieldRejected

MONTH = re.compile(r"^(\d{4})-(0[1-9]|1[0-2])$")


@dataclass(frozen=True)
class OnlinePaymentsUsed:
    count: int
    amount_cents: int


@dataclass(frozen=True)
class UsageReport:
    """What a tenant used in a month (the ``Usage`` body)."""

    tenant: TenantSlug
    month: str
    requests: dict[str, int]
    emails_sent: int
    pdf_links: int
    online_payments: OnlinePaymentsUsed
    active_accounts: int


def report(tenant: TenantSlug, month: str) -> UsageReport:
    if not MONTH.match(month) or month > clock.now().strftime("%Y-%m"):
        raise FieldRejected("month", "invalid_month", "A month as YYYY-MM, not in the future")
    counters = metering.read(tenant, month)
    paid = online.paid_in_month(tenant, month)
    return UsageReport(
        tenant=tenant,
        month=month,
        requests={name.removeprefix("req_"): n for name, n in sorted(counters.items()) if name.startswith("req_")},
        emails_sent=counters.get("emails_sent", 0),
        pdf_links=counters.get("ok_get_invoice_pdf", 0),
        online_payments=OnlinePaymentsUsed(count=len(paid), amount_cents=sum(p.amount_cents for p in paid)),
        active_accounts=max(0, metering.read(tenant, metering.ACROSS_MONTHS).get("active_accounts", 0)),
    )
