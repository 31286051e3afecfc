"""What each municipality uses, for per-use billing: a tenant's month over ``SHARDS`` items, only ever written
with ``ADD``.

Counted as it happens: every answered request by operation and the successful
ones (``portal.http``; a PDF link issued is a successful ``get_invoice_pdf``),
every mail SES accepted (the mailer), activated accounts (+1 on activation, -1
on deletion, across months under ``ALL``). A request costs one UpdateItem, on one
of the month's items drawn at random, and no read; counters start from nothing,
so a new month needs no set-up. One item would take every request of a tenant:
a city's 8:00 rush writes 418 a second, and DynamoDB serves 1,000 a partition
(docs/city.md); eight, each its own partition key, take eight times that. A
counter that cannot be written is logged (``usage_lost``) rather than failing
the answer. The report that reads them (one BatchGetItem) is the usage area's.
"""

from __future__ import annotations

import secrets

from pynamodb.expressions.operand import Path

from portal.kernel import clock
from portal.kernel.ids import TenantSlug
from portal.platform.aws import translate_aws_errors
from portal.platform.errors import ApiError
from portal.platform.observability import logger
from portal.platform.table import get_items, table

ACROSS_MONTHS = "ALL"
USAGE = "USAGE"  # the sort key of a usage item
SHARDS = 8


def key(tenant: TenantSlug, month: str, shard: int = 0) -> str:
    """One of a tenant's items of counts for a month (YYYY-MM; ``ALL`` for what is counted across months);
    the first keeps the key of the months counted on one item."""
    return f"TENANT#{tenant}#USAGE#{month}" + (f"#{shard}" if shard else "")


def count(tenant: TenantSlug, **counts: int) -> None:
    """Add to this month's counters of a tenant."""
    _add(tenant, clock.now().strftime("%Y-%m"), counts)


def count_activated(tenant: TenantSlug, accounts: int) -> None:
    """Activated accounts are counted across months: +1 on activation, -1 on deleting an active one."""
    _add(tenant, ACROSS_MONTHS, {"active_accounts": accounts})


def count_request(tenant: TenantSlug, operation: str, status: int) -> None:
    """An answered request, and whether it succeeded (a PDF link issued is a successful get_invoice_pdf)."""
    count(tenant, **{f"req_{operation}": 1, **({f"ok_{operation}": 1} if 200 <= status < 300 else {})})


def read(tenant: TenantSlug, month: str) -> dict[str, int]:
    """A tenant's counts for a month: its items' summed."""
    totals: dict[str, int] = {}
    for item in get_items((key(tenant, month, shard), USAGE) for shard in range(SHARDS)).values():
        for name, value in item.items():
            if "N" in value:
                totals[name] = totals.get(name, 0) + int(value["N"])
    return totals


def _add(tenant: TenantSlug, month: str, counts: dict[str, int]) -> None:
    """Add to counters (names from code only: ``req_<operation>``, ``emails_sent``…)."""
    actions = [Path(name).add(n) for name, n in counts.items()]
    try:
        with translate_aws_errors():
            table().update_item(key(tenant, month, secrets.randbelow(SHARDS)), USAGE, actions=actions)
    except ApiError:
        logger.warning("usage not counted", extra={"usage_lost": counts})
