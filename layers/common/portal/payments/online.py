"""Paying an invoice online: start an attempt, settle it exactly once, sweep the forgotten ones.

The amount is the invoice's balance, computed here; the parent's browser only
ever carries the provider's operation id. What a notification, a return or a
status read claims is never trusted: each goes through ``settle``, which asks
the provider about the operation stored for the transaction, checks amount,
debt reference, client number and mode against what was asked, and writes
with conditions (``store.payments``), so a paid transaction adds one payment
whatever the number, order and concurrency of the callers.
"""

from __future__ import annotations

import json
import re
from dataclasses import asdict
from datetime import datetime, timedelta
from typing import TYPE_CHECKING
from urllib.parse import parse_qs

from portal.billing import invoices, ledger
from portal.billing.space import own_invoice
from portal.kernel import clock, ids
from portal.kernel.ids import TenantSlug
from portal.payments import rules, store
from portal.payments.model import (
    EXPIRED,
    NOT_PAID,
    PAID,
    PENDING,
    OnlinePayment,
    PaidOnline,
    PaidOnlineFeed,
    PaymentStarted,
    PaymentStatus,
)
from portal.payments.provider import Provider, ProviderUnavailable
from portal.payments.services import payfip_service
from portal.payments.statuses import view
from portal.platform import cursor
from portal.platform.config import settings
from portal.platform.errors import (
    ApiError,
    OnlinePaymentUnavailable,
    PaymentInProgress,
    PaymentNotFound,
    ServiceUnavailable,
)
from portal.platform.observability import logger
from portal.tenancy.model import Tenant
from portal.tenancy.tenants import get_tenant

if TYPE_CHECKING:
    from portal.accounts.sessions import Principal  # PyJWT: loaded with the first citizen request, not at start-up

LOCK_SECONDS = 20 * 60  # an operation id is usable ~15 minutes
IDEMPOTENCY_SECONDS = 86400
SWEEP_AFTER = timedelta(minutes=5)  # leave the notification its chance first
FEED_PAGE = 100
TRANSACTION_ID = re.compile(r"^[0-9a-f]{32}$")
OPERATION_ID = re.compile(r"^[A-Za-z0-9-]{1,64}$")


def provider_for(tenant: Tenant) -> Provider:
    """The tenant's provider; 409 ``online_payment_unavailable`` when it has none."""
    config = settings()
    if not (tenant.payfip_numcli and tenant.payfip_mode and config.public_api_url):
        raise OnlinePaymentUnavailable()
    return payfip_service(config.payfip_endpoint, config.payfip_page)


def start(tenant: Tenant, principal: Principal, invoice_id: str, idempotency_key: str | None) -> PaymentStarted:
    """A new pending transaction for the invoice's balance, and where to send the parent."""
    now = clock.now()
    if idempotency_key:
        earlier = _remembered(principal, idempotency_key, invoice_id, now)
        if earlier is not None:
            return earlier
    provider = provider_for(tenant)
    billed = own_invoice(principal, invoice_id)
    balance = invoices.view(billed).balance_cents
    rules.check_amount(balance)
    transaction_id = ids.random_id()
    wait = store.lock_invoice(principal.tenant, invoice_id, transaction_id, int(now.timestamp()), LOCK_SECONDS)
    if wait is not None:
        earlier = _remembered(principal, idempotency_key, invoice_id, now) if idempotency_key else None
        if earlier is not None:  # the same key, racing: the first request's answer
            return earlier
        raise PaymentInProgress("Finish or abandon the payment already started", retry_after=wait)
    invoice = billed.invoice
    order = rules.order(
        account=tenant.payfip_numcli or "",
        mode=tenant.payfip_mode or "",
        invoice=invoice,
        balance_cents=balance,
        email=principal.account.email,
        base=f"{settings().public_api_url.rstrip('/')}/{tenant.slug}/payments",
        provider=provider.name,
        transaction_id=transaction_id,
    )
    try:
        operation = provider.start(order)
        payment = OnlinePayment(
            transaction_id=transaction_id,
            tenant=principal.tenant,
            account_id=principal.account_id,
            invoice_id=invoice_id,
            family_id=invoice.family_id,
            amount_cents=balance,
            status=PENDING,
            provider=provider.name,
            idop=operation,
            refdet=order.refdet,
            created_at=now,
        )
        store.insert(payment)
    except ProviderUnavailable as error:
        store.release_lock(principal.tenant, invoice_id, transaction_id)
        logger.warning("payment provider unavailable", extra={"reason": str(error)})
        raise ServiceUnavailable("Online payment is unavailable for a moment", retry_after=30) from None
    except BaseException:
        store.release_lock(principal.tenant, invoice_id, transaction_id)
        raise
    answer = PaymentStarted(transaction_id, PENDING, balance, provider.page(operation))
    if idempotency_key:
        until = int(now.timestamp()) + IDEMPOTENCY_SECONDS
        remembered = json.dumps(asdict(answer))
        store.remember(principal.tenant, principal.account_id, idempotency_key, invoice_id, remembered, until)
    logger.info("online payment started", extra={"transaction_id": transaction_id, "amount_cents": balance})
    return answer


def _remembered(principal: Principal, key: str, invoice_id: str, now: datetime) -> PaymentStarted | None:
    earlier = store.remembered(principal.tenant, principal.account_id, key, int(now.timestamp()))
    if earlier is None:
        return None
    rules.same_request(earlier[0], invoice_id)
    return PaymentStarted(**json.loads(earlier[1]))


def status(tenant: Tenant, principal: Principal, transaction_id: str) -> PaymentStatus:
    """The account's transaction; a pending one is first asked of the provider."""
    payment = _transaction(principal.tenant, transaction_id)
    if payment is None or payment.account_id != principal.account_id:
        raise PaymentNotFound()
    if payment.status == PENDING:
        payment = settle_quietly(tenant, payment)
    return view(payment)


def notified(tenant: Tenant, form: bytes) -> None:
    """The provider's notification: only the operation id is read from it, and only to find our transaction."""
    try:
        fields = parse_qs(form.decode("ascii"), max_num_fields=20)
    except (UnicodeDecodeError, ValueError):
        return
    operation = (fields.get("idop") or fields.get("idOp") or [""])[0]
    if not OPERATION_ID.match(operation):
        return
    payment = store.of_idop(tenant.slug, operation)
    if payment is not None:
        settle_quietly(tenant, payment)


def returned(tenant: Tenant, transaction_id: str) -> str:
    """The parent's browser is back: settle, then where the portal shows the result."""
    payment = _transaction(tenant.slug, transaction_id)
    if payment is not None:
        settle_quietly(tenant, payment)
    return f"{tenant.portal_url}/#/paiement/{transaction_id}"


def settle_quietly(tenant: Tenant, payment: OnlinePayment) -> OnlinePayment:
    """``settle``, keeping what is stored when the provider cannot answer now (the sweep asks again)."""
    try:
        return settle(tenant, payment)
    except (ProviderUnavailable, OnlinePaymentUnavailable) as error:  # down, or turned off since
        logger.warning("payment provider unavailable", extra={"reason": type(error).__name__})
        return payment


def settle(tenant: Tenant, payment: OnlinePayment, *, now: datetime | None = None) -> OnlinePayment:
    """Ask the provider and record what it says, once. ``now`` (the sweep): expire what is too old to wait for."""
    if payment.status == PAID:
        return payment
    result = provider_for(tenant).result(payment.idop)
    anomaly = rules.anomaly(payment, result, tenant.payfip_numcli, tenant.payfip_mode) if result else None
    if anomaly:
        # Money may have moved in a way nobody asked for: the municipality must look, nothing is booked.
        logger.error(
            "online payment anomaly: not booked",
            extra={"transaction_id": payment.transaction_id, "anomaly": anomaly, "payment_anomaly": True},
        )
    decided = rules.settlement(payment, result, bool(anomaly), clock.now(), sweep_at=now)
    if isinstance(decided, rules.Keep):
        return payment
    if isinstance(decided, rules.Expire):
        store.mark(payment, EXPIRED, (PENDING,))
        return _reread(payment)
    if isinstance(decided, rules.Book):
        _book(payment, decided)
    elif payment.status != decided.status:
        store.mark(payment, decided.status, NOT_PAID)
    settled = _reread(payment)
    if settled.status != PENDING:
        store.release_lock(payment.tenant, payment.invoice_id, payment.transaction_id)
    return settled


def _book(payment: OnlinePayment, decided: rules.Book) -> None:
    """Paid: one payment under the invoice, in the same conditional write as the status."""
    invoice = ledger.invoices(payment.tenant, [payment.invoice_id]).get(payment.invoice_id)
    if store.mark_paid(payment, decided.paid_at, decided.reference, decided.payment, invoice):
        return
    latest = _reread(payment)
    if latest.status != PAID and latest.booked_number:  # re-imported by the billing software first
        store.mark_paid(latest, decided.paid_at, decided.reference, None, None)


def sweep(now: datetime) -> dict[str, int]:
    """Ask again about every tenant's transactions pending for over 5 minutes; expire those too old."""
    counts = {"checked": 0, "settled": 0, "expired": 0, "unavailable": 0}
    for payment in store.pending_before(now - SWEEP_AFTER):
        counts["checked"] += 1
        try:
            after = settle(get_tenant(payment.tenant), payment, now=now)
        except (ProviderUnavailable, ApiError) as error:  # PayFiP or DynamoDB: this one waits for the next run
            counts["unavailable"] += 1
            logger.warning(
                "pending payment not checked",
                extra={"transaction_id": payment.transaction_id, "reason": type(error).__name__},
            )
            continue
        if after.status == EXPIRED:
            counts["expired"] += 1
        elif after.status != PENDING:
            counts["settled"] += 1
    logger.info("payments sweep", extra=counts)
    return counts


def feed(tenant: Tenant, since: str, after: str | None) -> PaidOnlineFeed:
    """The tenant's online payments the portal learnt were paid from ``since`` (a date) on, oldest
    first, a page at a time (by when they were learnt: a late result is never behind a page read)."""
    scope = f"{tenant.slug}#online-payments#{since}"
    start = cursor.read(after, scope, size=1)[0] if after else since
    page, position = store.paid_since(tenant.slug, start, FEED_PAGE)
    items = tuple(
        PaidOnline(
            transaction_id=p.transaction_id,
            invoice_id=p.invoice_id,
            family_id=p.family_id,
            amount_cents=p.amount_cents,
            paid_at=clock.rfc3339(p.paid_at) if p.paid_at else "",
            provider=p.provider,
            provider_reference=p.provider_reference,
        )
        for p in page
    )
    return PaidOnlineFeed(items, cursor.make((position,), scope) if position else None)


def _transaction(tenant: TenantSlug, transaction_id: str) -> OnlinePayment | None:
    """A transaction by the id a caller gave (only ids of our own format are looked up)."""
    return store.get(tenant, transaction_id) if TRANSACTION_ID.match(transaction_id) else None


def _reread(payment: OnlinePayment) -> OnlinePayment:
    return store.get(payment.tenant, payment.transaction_id) or payment


def paid_in_month(tenant: TenantSlug, month: str) -> list[OnlinePayment]:
    """A tenant's online payments the portal learnt were paid in a month (YYYY-MM): the usage report's."""
    return store.paid_in_month(tenant, month)


def book_by_import(tenant: TenantSlug, transaction_id: str, invoice_id: str, number: str) -> OnlinePayment | None:
    """The billing software re-imported this online payment as ``number``: its record now stands for it."""
    return store.book_by_import(tenant, transaction_id, invoice_id, number)
