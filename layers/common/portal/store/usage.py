"""Per-tenant usage counters: one item per tenant and month, only ever written with ``ADD``.

A request costs one UpdateItem and no read; counters start from nothing, so a
new month needs no set-up. ``ALL`` holds what is counted across months
(activated accounts).
"""

from __future__ import annotations

from pynamodb.expressions.operand import Path

from portal.aws import translate_aws_errors
from portal.store import keys
from portal.store.table import table

ACROSS_MONTHS = "ALL"


def add(tenant: str, month: str, counts: dict[str, int]) -> None:
    """Add to counters (names from code only: ``req_<operation>``, ``emails_sent``…)."""
    actions = [Path(name).add(n) for name, n in counts.items()]
    with translate_aws_errors():
        table().update_item(keys.usage(tenant, month), keys.USAGE, actions=actions)


def read(tenant: str, month: str) -> dict[str, int]:
    with translate_aws_errors():
        item = table().get_item(keys.usage(tenant, month), keys.USAGE, consistent_read=True).get("Item", {})
    return {name: int(value["N"]) for name, value in item.items() if "N" in value}
