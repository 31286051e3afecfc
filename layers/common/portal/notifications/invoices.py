"""Notification mails: new invoices, and reminders before they fall due.

New-invoice mails: an import announces the invoices it creates, a queue consumer mails each follower once.

Fan-out runs outside the import: the import (HTTP or S3 bulk) finds who
follows each family with new invoices (one Query per family) and queues one
message per account, before it stores the invoices; the ``notify_new_invoices``
function mails them. So a 50,000-line file costs the import one Query per
family and one SendMessageBatch per ten accounts, and mails go at SES's pace.
A retried import or a redelivered message sends nothing twice: each (import,
account) mail is marked sent with a conditional write before it goes, and the
mark is released if SES fails, for the redelivery to send it. A message that
names an invoice not stored yet waits (the import is still running or will be
retried), so a mail never lists half an import.

Reminders: a daily job finds the invoices falling due in three days with one
Query (markers written when invoices are imported before their due date; no
Scan), keeps those still to pay, and mails each following account one list.
Each (account, invoice) is marked before the mail goes, so an invoice is never
reminded twice; a failed mail releases its marks and the run fails, for
Lambda's retry to send what is left.
"""

from __future__ import annotations

import hashlib
from datetime import date, timedelta
from functools import partial
from typing import TypedDict

from portal.accounts import directory, unsubscribe
from portal.accounts.model import ACTIVE
from portal.billing import invoices, ledger
from portal.billing.invoices import InvoiceView
from portal.billing.model import Invoice
from portal.kernel import clock
from portal.kernel.ids import TenantSlug
from portal.notifications import store
from portal.notifications.mails import send_new_invoices, send_reminder
from portal.platform import parallel
from portal.platform.config import settings
from portal.platform.errors import ApiError
from portal.platform.observability import logger
from portal.tenancy.tenants import get_tenant

NewInvoices = TypedDict("NewInvoices", {"tenant": TenantSlug, "import": str, "account": str, "invoices": list[str]})
"""The new-invoice queue's message: one account's mail about one import's invoices (``import``: its id)."""


class NotReadyYet(Exception):
    """The message names invoices the import has not stored yet: deliver it later."""


def import_id(tenant: TenantSlug, data: bytes) -> str:
    """An import's identity: its content (the same file retried is the same import)."""
    return hashlib.sha256(tenant.encode() + b"\n" + data).hexdigest()[:32]


def announce(tenant: TenantSlug, import_ref: str, created: list[Invoice]) -> None:
    """Queue one message per account following the families of the created invoices."""
    if not created or not settings().notifications_queue_url:
        return
    by_account = _by_follower(tenant, [(i.family_id, i.invoice_id) for i in created])
    store.enqueue(
        [
            NewInvoices({"tenant": tenant, "import": import_ref, "account": account_id, "invoices": invoice_ids})
            for account_id, invoice_ids in sorted(by_account.items())
        ]
    )


def _by_follower[T](tenant: TenantSlug, items: list[tuple[str, T]]) -> dict[str, list[T]]:
    """(family, item) pairs regrouped by the accounts following each family: one Query per family, a few at
    a time (a city's monthly run has 100,000 families: one after another, their Queries alone would take
    most of a bulk import's 15 minutes; docs/city.md)."""
    by_family: dict[str, list[T]] = {}
    for family_id, item in items:
        by_family.setdefault(family_id, []).append(item)
    families = sorted(by_family)
    by_account: dict[str, list[T]] = {}
    for family_id, followers in zip(
        families, parallel.each(partial(directory.followers, tenant), families), strict=True
    ):
        for account_id in followers:
            by_account.setdefault(account_id, []).extend(by_family[family_id])
    return by_account


def deliver(message: NewInvoices) -> str:
    """Mail the account about the message's invoices, once: ``sent``, or why not. Raises to be retried."""
    tenant_slug, import_ref = message["tenant"], str(message["import"])
    account_id, invoice_ids = str(message["account"]), [str(i) for i in message["invoices"]]
    account = directory.get(tenant_slug, account_id)
    if account is None or account.status != ACTIVE:
        return "no active account"
    if not account.notifications.new_invoices or account.email_undeliverable:
        return "not wanted or undeliverable"
    found = ledger.invoices(tenant_slug, invoice_ids)
    if len(found) < len(set(invoice_ids)):
        raise NotReadyYet(import_ref)
    followed = [found[i] for i in dict.fromkeys(invoice_ids) if found[i].family_id in account.subscriptions]
    if not followed:
        return "no family followed any more"
    if not store.claim(tenant_slug, import_ref, account_id, int(clock.now().timestamp())):
        return "already sent"
    tenant = get_tenant(tenant_slug)
    try:
        send_new_invoices(
            tenant,
            account.email,
            account.first_name,
            sorted(followed, key=lambda i: (i.due_date, i.number)),
            unsubscribe.link(tenant, account_id, "new_invoices"),
        )
    except ApiError:
        store.release(tenant_slug, import_ref, account_id)
        raise
    logger.info("new-invoice mail sent", extra={"invoices": len(followed)})
    return "sent"


REMIND_DAYS_BEFORE = 3


def remind(today: date) -> dict[str, int]:
    """Mail every account with reminders on about its families' invoices due in three days, still to pay."""
    day = (today + timedelta(days=REMIND_DAYS_BEFORE)).isoformat()
    counts = {"invoices": 0, "mails": 0, "failed": 0}
    for tenant_slug, invoice_ids in ledger.due_on(day).items():
        billed = [b for b in (ledger.billed_invoice(tenant_slug, i) for i in invoice_ids) if b is not None]
        owed = [view for view in map(invoices.view, billed) if view.status == invoices.TO_PAY]
        counts["invoices"] += len(owed)
        by_account = _by_follower(tenant_slug, [(view.family_id, view) for view in owed])
        for account_id, listed in sorted(by_account.items()):
            try:
                counts["mails"] += _remind_account(tenant_slug, account_id, listed)
            except ApiError:
                counts["failed"] += 1
    logger.info("reminders", extra={"day": day, **counts})
    if counts["failed"]:
        raise RemindersIncomplete(counts)  # Lambda retries the run: what was sent is marked, the rest goes
    return counts


class RemindersIncomplete(Exception):
    """Some reminder mails could not go; the run is retried."""


def _remind_account(tenant_slug: TenantSlug, account_id: str, listed: list[InvoiceView]) -> int:
    account = directory.get(tenant_slug, account_id)
    if account is None or account.status != ACTIVE:
        return 0
    if not account.notifications.reminders or account.email_undeliverable:
        return 0
    now = int(clock.now().timestamp())
    followed = [i for i in listed if i.family_id in account.subscriptions]
    claimed = [i for i in followed if store.claim_reminder(tenant_slug, account_id, i.invoice_id, now)]
    if not claimed:
        return 0
    tenant = get_tenant(tenant_slug)
    try:
        send_reminder(
            tenant, account.email, account.first_name, claimed, unsubscribe.link(tenant, account_id, "reminders")
        )
    except ApiError:
        for invoice in claimed:
            store.release_reminder(tenant_slug, account_id, invoice.invoice_id)
        raise
    return 1
