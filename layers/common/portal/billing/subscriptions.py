"""Mes abonnements: follow a family by subscriber code or by an invoice's data.

A miss answers one byte-identical 404 whichever field was wrong, after the
same lookups and digest comparisons; guessing is throttled (``family_codes``).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

from portal.accounts import directory
from portal.billing import family_codes, store
from portal.billing.model import InvoiceData, Subscription
from portal.kernel import clock
from portal.kernel.ids import TenantSlug
from portal.platform.errors import SubscriptionNotFound, TooManySubscriptions

if TYPE_CHECKING:
    from portal.accounts.sessions import Principal  # PyJWT: loaded with the first citizen request, not at start-up

MAX_SUBSCRIPTIONS = 20


def subscribe(principal: Principal, by: str | InvoiceData, source: str = "") -> tuple[Subscription, bool]:
    """Follow the family a subscriber code (or an invoice's data) designates; (subscription, created).
    ``source``: the caller's address, whose guesses are counted too (``family_codes``)."""
    tenant, account_id = principal.tenant, principal.account_id

    def look_up() -> str | None:
        if isinstance(by, str):
            return family_codes.family_for_code(tenant, by)
        return family_codes.family_for_invoice(
            tenant, by.emission_code, by.reference, by.amount_cents, by.personal_code
        )

    family_id = family_codes.guarded(tenant, account_id, source, principal.account.created_at, look_up)
    if family_id is None:
        raise SubscriptionNotFound()
    current = principal.account.subscriptions
    if family_id in current:
        return Subscription(family_id, _label(tenant, family_id), current[family_id]), False
    if len(current) >= MAX_SUBSCRIPTIONS:
        raise TooManySubscriptions()
    now = clock.rfc3339(clock.now())
    if directory.subscribe(tenant, account_id, family_id, now):
        return Subscription(family_id, _label(tenant, family_id), now), True
    # A concurrent identical request subscribed first: answer as "already subscribed".
    account = directory.get(tenant, account_id)
    subscribed_at = account.subscriptions.get(family_id, now) if account else now
    return Subscription(family_id, _label(tenant, family_id), subscribed_at), False


@dataclass(frozen=True)
class Subscriptions:
    """The families an account follows, oldest subscription first (the ``SubscriptionList`` body)."""

    items: tuple[Subscription, ...]


def list_subscriptions(principal: Principal) -> Subscriptions:
    current = principal.account.subscriptions
    labels = {fid: f.label for fid, f in store.families(principal.tenant, current).items()}
    ordered = sorted(current.items(), key=lambda item: (item[1], item[0]))
    return Subscriptions(tuple(Subscription(fid, labels.get(fid, fid), at) for fid, at in ordered))


def unsubscribe(principal: Principal, family_id: str) -> None:
    if family_id not in principal.account.subscriptions or not directory.unsubscribe(
        principal.tenant, principal.account_id, family_id
    ):
        raise SubscriptionNotFound("This account does not follow that family")


def _label(tenant: TenantSlug, family_id: str) -> str:
    family = store.families(tenant, [family_id]).get(family_id)
    return family.label if family else family_id
