"""Everything the portal holds about the person (GDPR articles 15 and 20): never a hash, token or code."""

from __future__ import annotations

from dataclasses import asdict
from typing import Any

from portal.accounts.sessions import Principal
from portal.billing import subscriptions
from portal.kernel import clock
from portal.payments.online import started_by


def export(principal: Principal) -> dict[str, Any]:
    """Everything the portal holds about the person (GDPR articles 15 and 20): never a hash, token or code."""
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
