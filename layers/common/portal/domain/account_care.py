"""What a logged-in citizen does with the account: profile, password, export, deletion.

Changing the password, the email or deleting the account asks for the current
password; a wrong one counts as a failed login (``sessions.confirm_password``).
"""

from __future__ import annotations

from typing import Any

from ..store import accounts as store
from ..store import billing
from . import clock, notices, tokens
from .model import Account, Notifications, Tenant
from .sessions import Principal, confirm_password


def update_profile(principal: Principal, names: dict[str, str], notifications: dict[str, bool]) -> Account:
    """Change any of civility, last and first name, and notification choices; absent keys keep their value."""
    return store.update_profile(principal.tenant, principal.account_id, names, notifications)


def change_password(tenant: Tenant, principal: Principal, current: str, password: str, confirmation: str) -> str:
    """Set a new password; every earlier token is void. Returns a new access token."""
    from . import passwords

    confirm_password(tenant, principal.account, current)
    passwords.check_new_password(password, confirmation)
    generation = store.change_password(tenant.slug, principal.account_id, passwords.hash_password(password))
    notices.password_changed(tenant, principal.account)
    return tokens.issue(tenant.slug, principal.account_id, generation)


def export(principal: Principal) -> dict[str, Any]:
    """Everything the portal holds about the person (GDPR articles 15 and 20): never a hash, token or code."""
    account = principal.account
    labels = {fid: f.label for fid, f in billing.families(principal.tenant, account.subscriptions).items()}
    return {
        "profile": {"civility": account.civility, "last_name": account.last_name, "first_name": account.first_name},
        "email": account.email,
        "created_at": clock.rfc3339(account.created_at),
        "activated_at": clock.rfc3339(account.activated_at) if account.activated_at else None,
        "terms": {"version": account.terms_version, "accepted_at": clock.rfc3339(account.terms_accepted_at)},
        "notifications": notifications_body(account.notifications),
        "email_undeliverable": account.email_undeliverable,
        "subscriptions": [
            {"family_id": fid, "label": labels.get(fid, fid), "since": since}
            for fid, since in sorted(account.subscriptions.items(), key=lambda item: (item[1], item[0]))
        ],
        "online_payments": [],
    }


def delete_account(tenant: Tenant, principal: Principal, current: str) -> None:
    """The account, its subscriptions, pending links and email go in one transaction; the town's data stays."""
    confirm_password(tenant, principal.account, current)
    if store.delete(tenant.slug, principal.account):
        notices.account_deleted(tenant, principal.account)


def notifications_body(notifications: Notifications) -> dict[str, bool]:
    return {"new_invoices": notifications.new_invoices, "reminders": notifications.reminders}
