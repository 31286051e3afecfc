"""What a logged-in citizen does with the account: profile, password, deletion (the export is ``privacy``).

Changing the password, the email or deleting the account asks for the current
password; a wrong one counts as a failed login (``sessions.confirm_password``).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from portal.accounts import notices, store, tokens
from portal.accounts.model import ACTIVE, Account, Notifications
from portal.accounts.sessions import Principal, confirm_password
from portal.kernel import clock
from portal.platform import metering
from portal.tenancy.model import Tenant


def update_profile(principal: Principal, names: dict[str, str], notifications: dict[str, bool]) -> Account:
    """Change any of civility, last and first name, and notification choices; absent keys keep their value."""
    return store.update_profile(principal.tenant, principal.account_id, names, notifications)


def change_password(tenant: Tenant, principal: Principal, current: str, password: str, confirmation: str) -> str:
    """Set a new password; every earlier token is void. Returns a new access token."""
    from portal.accounts import (
        passwords,  # argon2 and the password list: only the operations that hash or check a password load them
    )

    confirm_password(tenant, principal.account, current)
    passwords.check_new_password(password, confirmation)
    generation = store.change_password(tenant.slug, principal.account_id, passwords.hash_password(password))
    notices.password_changed(tenant, principal.account)
    return tokens.issue(tenant.slug, principal.account_id, generation)


def delete_account(tenant: Tenant, principal: Principal, current: str, forget: Callable[[], None]) -> None:
    """The account, its subscriptions, pending links and email go in one transaction; the town's data stays.
    ``forget`` (what other areas hold of the account alone: its threads) runs once the password is right,
    before: a failure leaves the account to delete again."""
    confirm_password(tenant, principal.account, current)
    forget()
    if store.delete(tenant.slug, principal.account):
        if principal.account.status == ACTIVE:
            metering.count_activated(tenant.slug, -1)
        notices.account_deleted(tenant, principal.account)


@dataclass(frozen=True)
class ProfileView:
    """The account as ``GET /me`` shows it (the ``Profile`` body)."""

    civility: str
    last_name: str
    first_name: str
    email: str
    created_at: str
    notifications: Notifications
    email_undeliverable: bool


def profile(account: Account) -> ProfileView:
    return ProfileView(
        civility=account.civility,
        last_name=account.last_name,
        first_name=account.first_name,
        email=account.email,
        created_at=clock.rfc3339(account.created_at),
        notifications=account.notifications,
        email_undeliverable=account.email_undeliverable,
    )
