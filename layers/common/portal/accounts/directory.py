"""What other areas read and write of accounts: an account by id or email, who follows a family,
following and unfollowing (Mes abonnements), and the marks of an undeliverable address.
The store behind stays the accounts' own."""

from __future__ import annotations

from portal.accounts.store import (
    find_by_email,
    followers,
    get,
    mark_undeliverable,
    subscribe,
    unsubscribe,
)

__all__ = ["find_by_email", "followers", "get", "mark_undeliverable", "subscribe", "unsubscribe"]
