"""Identifiers the portal makes: random, never derived from what they name."""

from __future__ import annotations

import secrets


def random_id() -> str:
    """128 random bits as 32 hex characters (accounts, online payments…)."""
    return secrets.token_hex(16)
