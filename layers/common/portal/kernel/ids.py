"""Identifiers the portal makes: random, never derived from what they name."""

from __future__ import annotations

import itertools
import re
import secrets
import time
from typing import NewType

TenantSlug = NewType("TenantSlug", str)
"""A municipality's slug: the ``{tenant}`` of its paths, the first part of each key it owns (``ville-test``).
A path's text becomes one only through the tenant it names (``tenancy.tenants.get_tenant``)."""

# What the town's software may name a record by (a family, an invoice, a child, an activity): the imports
# accept nothing else, so an id in a path that does not match names nothing, and is answered without a read
# (DynamoDB refuses keys over 2 KB outright).
PUBLISHED_ID = r"^[A-Za-z0-9][A-Za-z0-9._-]{0,63}$"
_PUBLISHED = re.compile(PUBLISHED_ID)


def is_published_id(text: str) -> bool:
    return _PUBLISHED.fullmatch(text) is not None


def random_id() -> str:
    """128 random bits as 32 hex characters (accounts, online payments…)."""
    return secrets.token_hex(16)


_sequence = itertools.count()


def ordered_id() -> str:
    """32 hex characters that sort by creation in this process (nanoseconds, then a counter), then random:
    the events of one request, stamped with one moment, keep their order in the feed."""
    return f"{time.time_ns():016x}{next(_sequence) % 0x10000:04x}{secrets.token_hex(6)}"
