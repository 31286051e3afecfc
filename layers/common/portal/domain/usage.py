"""What each municipality used, for per-use billing (``GET /{tenant}/admin/usage``).

Counted as it happens, one ``ADD`` on a per-tenant-month item (``store.usage``):
every answered request by operation and the successful ones (``@endpoint``;
a PDF link issued is a successful ``get_invoice_pdf``), every mail SES
accepted, activated accounts (+1 on activation, -1 on deletion).
Online payments are read from the paid-payments partition the reconciliation
feed uses. No read is added to a request; a counter that cannot be written is
logged (``usage_lost``) rather than failing the answer.
"""

from __future__ import annotations

import re
from typing import Any

from portal.errors import ApiError, FieldRejected
from portal.kernel import clock
from portal.observability import logger
from portal.store import usage as store

MONTH = re.compile(r"^(\d{4})-(0[1-9]|1[0-2])$")


def count(tenant: str, **counts: int) -> None:
    """Add to this month's counters of a tenant."""
    _add(tenant, clock.now().strftime("%Y-%m"), counts)


def count_activated(tenant: str, accounts: int) -> None:
    """Activated accounts are counted across months: +1 on activation, -1 on deleting an active one."""
    _add(tenant, store.ACROSS_MONTHS, {"active_accounts": accounts})


def _add(tenant: str, month: str, counts: dict[str, int]) -> None:
    try:
        store.add(tenant, month, counts)
    except ApiError:
        logger.warning("usage not counted", extra={"usage_lost": counts})


def count_request(tenant: str, operation: str, status: int) -> None:
    """An answered request, and whether it succeeded (a PDF link issued is a successful get_invoice_pdf)."""
    count(tenant, **{f"req_{operation}": 1, **({f"ok_{operation}": 1} if 200 <= status < 300 else {})})


def report(tenant: str, month: str) -> dict[str, Any]:
    if not MONTH.match(month) or month > clock.now().strftime("%Y-%m"):
        raise FieldRejected("month", "invalid_month", "A month as YYYY-MM, not in the future")
    from portal.store.payments import paid_in_month  # only the report reads payments

    counters = store.read(tenant, month)
    paid = paid_in_month(tenant, month)
    return {
        "tenant": tenant,
        "month": month,
        "requests": {name.removeprefix("req_"): n for name, n in sorted(counters.items()) if name.startswith("req_")},
        "emails_sent": counters.get("emails_sent", 0),
        "pdf_links": counters.get("ok_get_invoice_pdf", 0),
        "online_payments": {"count": len(paid), "amount_cents": sum(p.amount_cents for p in paid)},
        "active_accounts": max(0, store.read(tenant, store.ACROSS_MONTHS).get("active_accounts", 0)),
    }
