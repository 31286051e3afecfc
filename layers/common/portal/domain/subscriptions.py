"""Mes abonnements: attach a family by subscriber code or by an invoice's data.

Guessing defence: 5 failures per account in 15 minutes, and a ceiling per
tenant against guessing spread over many accounts; both refuse even a right
code while locked. A miss answers one byte-identical 404 whichever field was
wrong, after the same lookups and digest comparisons.
"""

from __future__ import annotations

import hmac
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

from ..errors import ApiError, NotFound
from ..store import accounts as account_store
from ..store import billing
from . import codes
from .accounts import Principal, rfc3339
from .throttle import Throttle, check_all

ACCOUNT_THROTTLE = Throttle("subscribe")
TENANT_THROTTLE = Throttle("subscribe-tenant", limit=200)
MAX_SUBSCRIPTIONS = 20
_NO_DIGEST = "0" * 64


class SubscriptionNotFound(NotFound):
    code, title = "subscription_not_found", "No family matches these details"


class TooManySubscriptions(ApiError):
    status, code, title = 409, "too_many_subscriptions", "This account follows the maximum number of families"


@dataclass(frozen=True)
class Subscription:
    family_id: str
    label: str
    subscribed_at: str
    created: bool

    def body(self) -> dict[str, Any]:
        return {"family_id": self.family_id, "label": self.label, "subscribed_at": self.subscribed_at}


def subscribe(principal: Principal, subscriber_code: str | None, invoice: dict[str, Any] | None) -> Subscription:
    tenant, account_id = principal.claims.tenant, principal.claims.account_id
    check_all(tenant, [(ACCOUNT_THROTTLE, account_id), (TENANT_THROTTLE, "all")])
    if subscriber_code is not None:
        family_id = family_for_code(tenant, subscriber_code)
    else:
        assert invoice is not None
        family_id = _family_for_invoice(tenant, invoice)
    if family_id is None:
        record_failure(tenant, account_id)
        raise SubscriptionNotFound()
    current = principal.subscriptions
    if family_id in current:
        return Subscription(family_id, _label(tenant, family_id), current[family_id], created=False)
    if len(current) >= MAX_SUBSCRIPTIONS:
        raise TooManySubscriptions()
    now = rfc3339(datetime.now(UTC))
    if account_store.subscribe(tenant, account_id, family_id, now):
        return Subscription(family_id, _label(tenant, family_id), now, created=True)
    # A concurrent identical request subscribed first: answer as "already subscribed".
    account = account_store.get_account(tenant, account_id)
    subscribed_at = account.subscriptions.as_dict().get(family_id, now) if account else now
    return Subscription(family_id, _label(tenant, family_id), subscribed_at, created=False)


def family_for_code(tenant: str, subscriber_code: str) -> str | None:
    return billing.family_of_code(tenant, codes.digest(subscriber_code))


def record_failure(tenant: str, subject: str) -> None:
    ACCOUNT_THROTTLE.failed(tenant, subject)
    TENANT_THROTTLE.failed(tenant, "all")


def _family_for_invoice(tenant: str, invoice: dict[str, Any]) -> str | None:
    """The family of the invoice matching all four values, comparing secrets in constant time."""
    candidates = billing.invoices_by_reference(
        codes.invoice_ref_key(tenant, invoice["emission_code"], invoice["reference"])
    )
    wanted = codes.digest(invoice["personal_code"])
    found = None
    for candidate in candidates or [None]:
        stored = candidate.personal_code_digest if candidate else _NO_DIGEST
        same_code = hmac.compare_digest(stored, wanted)
        if candidate is not None and same_code and int(candidate.amount_cents) == invoice["amount"]:
            found = candidate.family_id
    return found


def list_subscriptions(principal: Principal) -> list[dict[str, Any]]:
    current = principal.subscriptions
    labels = {fid: f.label for fid, f in billing.families(principal.claims.tenant, current).items()}
    ordered = sorted(current.items(), key=lambda item: (item[1], item[0]))
    return [{"family_id": fid, "label": labels.get(fid, fid), "subscribed_at": at} for fid, at in ordered]


def unsubscribe(principal: Principal, family_id: str) -> None:
    if family_id not in principal.subscriptions or not account_store.unsubscribe(
        principal.claims.tenant, principal.claims.account_id, family_id
    ):
        raise NotFound("This account does not follow that family", code="subscription_not_found")


def _label(tenant: str, family_id: str) -> str:
    family = billing.families(tenant, [family_id]).get(family_id)
    return family.label if family else family_id
