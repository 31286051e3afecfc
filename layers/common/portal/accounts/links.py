"""Single-use links mailed to a person: activation, password reset, email change.

A link's token is ``{account_id}.{secret}``: 256 random bits after the id that
locates the account. Only its SHA-256 is stored, on the account item, under
an attribute of its kind, so a token of one kind never works as another and a
newer link replaces the older one. Use is one conditional write.
"""

from __future__ import annotations

import hashlib
import re
import secrets
import time
from dataclasses import dataclass

_ACCOUNT_ID = re.compile(r"^[0-9a-f]{32}$")


@dataclass(frozen=True)
class Link:
    token: str  # goes in the mail, never stored
    digest: str  # stored
    expires_at: int  # epoch seconds


def new(account_id: str, lifetime_seconds: int) -> Link:
    token = f"{account_id}.{secrets.token_urlsafe(32)}"
    return Link(token, digest(token), int(time.time()) + lifetime_seconds)


def digest(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


def account_of(token: str) -> str | None:
    """The account a well-formed token names (None for anything else): where to look it up."""
    account_id, _, secret = token.partition(".")
    return account_id if _ACCOUNT_ID.fullmatch(account_id) and secret else None
