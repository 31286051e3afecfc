"""What a logged-in citizen does with the account: profile, password, export, deletion.

Changing the password, the email or deleting the account asks for the current
password; a wrong one counts as a failed login (``sessions.confirm_password``).
"""

from __future__ import annotations

from dataclasses import asdict
from typing import Any

from portal.domain import notices, subscriptions, tokens
from portal.domain.model import ACTIVE, Account
from portal.domain.sessions import Principal, confirm_password
from portal.kernel import clock
from portal.platform import metering
from portal.store import accounts as store
from portal.tenancy.model import Tenant


def update_profile(principal: Principal, names: dict[str, str], notifications: dict[str, bool]) -> Account:
    """Change any of civility, last and first name, and notification choices; absent keys keep their value."""
    return store.update_profile(principal.tenant, principal.account_id, names, notifications)


def change_password(tenant: Tenant, principal: Principal, current: str, password: str, confirmation: str) -> str:
    """Set a new password; every earlier token is void. Returns a new access token."""
    from portal.domain import passwords

    confirm_password(tenant, principal.account, current)
    passwords.check_new_password(password, confirmation)
    generation = store.change_password(tenant.slug, principal.account_id, passwords.hash_password(password))
    notices.password_changed(tenant, principal.account)
    return tokens.issue(tenant.slug, principal.account_id, generation)


def export(principal: Principal) -> dict[str, Any]:
    """Everything the portal holds about the person (GDPR articles 15 and 20): never a hash, token or code."""
    from portal.domain.payments import started_by  # only the export reads payments

    account = principal.account
    return {
        "profile": {"civility": account.civility, "last_name": account.last_name, "first_name": account.first_name},
        "email": account.email,
        "created_at": clock.rfc3339(account.created_at),
        "activated_at": clock.rfc3339(account.activated_at) if account.activated_at else None,
        "terms": {"version": account.terms_version, "accepted_at": clock.rfc3339(account.terms_accepted_at)},
        "notifications": asdict(account.notifications),
        "email_undeliverable": account.email_undeliverable,
        "subscriptions": [
            {"family_id": s.family_id, "label": s.label, "since": s.subscribed_at}
            for s in subscriptions.list_subscriptions(principal)
        ],
        "online_payments": started_by(principal),
    }


def delete_account(tenant: Tenant, principal: Principal, current: str) -> None:
    """The account, its subscriptions, pending links and email go in one transaction; the town's data stays."""
    confirm_password(tenant, principal.account, current)
    if store.delete(tenant.slug, principal.account):
        if principal.account.status == ACTIVE:
            metering.count_activated(tenant.slug, -1)
        notices.account_deleted(tenant, principal.account)
