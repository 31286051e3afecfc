"""Identifiers the portal makes: random, never derived from what they name."""

from __future__ import annotations

import itertools
import secrets
import time


def random_id() -> str:
    """128 random bits as 32 hex characters (accounts, online payments…)."""
    return secrets.token_hex(16)


_sequence = itertools.count()


def ordered_id() -> str:
    """32 hex characters that sort by creation in this process (nanoseconds, then a counter), then random:
    the events of one request, stamped with one moment, keep their order in the feed."""
    return f"{time.time_ns():016x}{next(_sequence) % 0x10000:04x}{secrets.token_hex(6)}"
