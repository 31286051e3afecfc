"""Notification mails: new invoices, and reminders before they fall due.

New-invoice mails: an import announces the invoices it creates, a queue consumer mails each follower once.

Fan-out runs outside the import: the import (HTTP or S3 bulk) finds who
follows each family with new invoices (one Query per family, eight at a time) and queues one
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
Scan) and queues them a hundred to a message on the same queue; its consumer
keeps those still to pay, queues one message per following account, and mails
each one list at SES's pace. Each (account, invoice) is marked before the mail
goes, so an invoice is never reminded twice; a failed mail releases its marks
and its message is delivered again. A city's 45,000 reminders of a day so take
the job seconds, not the hour a single run would need (docs/city.md).
"""

from __future__ import annotations

import hashlib
from datetime import date, timedelta
from functools import partial
from typing import Literal, TypedDict

from portal.accounts import directory, unsubscribe
from portal.accounts.model import ACTIVE
from portal.billing import invoices, ledger
from portal.billing.invoices import InvoiceView
from portal.billing.model import Invoice
from portal.kernel import clock
from portal.kernel.ids import TenantSlug
from portal.notifications import store
from portal.notifications.mails import send_new_invoices, send_reminder
from portal.platform import marks, parallel
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
REMINDERS_PER_MESSAGE = 100  # due invoices one message sorts: their reads take well under a batch's time


class Reminders(TypedDict):
    """A slice of a day's due invoices, to keep those still to pay and regroup them by following account."""

    kind: Literal["reminders"]
    tenant: TenantSlug
    day: str
    invoices: list[str]


class Reminder(TypedDict):
    """One account's reminder mail: its families' invoices of the slice, still to pay when it was sorted."""

    kind: Literal["reminder"]
    tenant: TenantSlug
    day: str
    account: str
    invoices: list[str]


def remind(today: date) -> dict[str, int]:
    """Queue the reminders of the invoices due in three days: every tenant's, a hundred to a message (one
    Query of the day's markers, then SendMessageBatch). The new-invoice queue's consumer sorts each slice
    (``sort_reminders``) and mails each account once, at SES's pace (``deliver_reminder``): the job takes
    seconds however many invoices fall due, and the mails go at the bulk consumers' pace."""
    day = (today + timedelta(days=REMIND_DAYS_BEFORE)).isoformat()
    slices = [
        Reminders(kind="reminders", tenant=tenant, day=day, invoices=invoice_ids[start : start + REMINDERS_PER_MESSAGE])
        for tenant, invoice_ids in sorted(ledger.due_on(day).items())
        for start in range(0, len(invoice_ids), REMINDERS_PER_MESSAGE)
    ]
    store.enqueue(slices)  # raises if SQS refuses: Lambda retries the run, the marks keep each mail to one
    counts = {"invoices": sum(len(s["invoices"]) for s in slices), "messages": len(slices)}
    logger.info("reminders queued", extra={"day": day, **counts})
    return counts


def sort_reminders(message: Reminders) -> int:
    """A slice's invoices still to pay, regrouped by the accounts following their families: one message an
    account (queued again whole if a message is delivered twice: each mail is marked). How many."""
    tenant = message["tenant"]
    owed = _owed(tenant, message["invoices"])
    by_account = _by_follower(tenant, [(view.family_id, view.invoice_id) for view in owed])
    store.enqueue(
        [
            Reminder(kind="reminder", tenant=tenant, day=message["day"], account=account_id, invoices=invoice_ids)
            for account_id, invoice_ids in sorted(by_account.items())
        ]
    )
    return len(by_account)


def deliver_reminder(message: Reminder) -> str:
    """Mail the account its invoices still to pay (read again: one paid since is left out), each invoice
    reminded once (marked before the mail goes, released if SES fails): ``sent``, or why not."""
    tenant_slug, account_id = message["tenant"], str(message["account"])
    account = directory.get(tenant_slug, account_id)
    if account is None or account.status != ACTIVE:
        return "no active account"
    if not account.notifications.reminders or account.email_undeliverable:
        return "not wanted or undeliverable"
    if message["day"] < clock.today().isoformat():
        return "due already"  # a reminder that waited past its due date (SES's quota, an outage) is no reminder
    now = int(clock.now().timestamp())
    followed = [view for view in _owed(tenant_slug, message["invoices"]) if view.family_id in account.subscriptions]
    claimed = marks.claim_all(
        followed,
        lambda view: store.claim_reminder(tenant_slug, account_id, view.invoice_id, now),
        lambda view: store.release_reminder(tenant_slug, account_id, view.invoice_id),
    )
    if not claimed:
        return "nothing left to remind"
    tenant = get_tenant(tenant_slug)
    try:
        send_reminder(
            tenant, account.email, account.first_name, claimed, unsubscribe.link(tenant, account_id, "reminders")
        )
    except ApiError:
        for view in claimed:
            store.release_reminder(tenant_slug, account_id, view.invoice_id)
        raise
    return "sent"


def _owed(tenant: TenantSlug, invoice_ids: list[str]) -> list[InvoiceView]:
    """The invoices still to pay among these, as they are now (each its partition, eight at a time)."""
    billed = parallel.each(partial(ledger.billed_invoice, tenant), [str(i) for i in dict.fromkeys(invoice_ids)])
    views = (invoices.view(found) for found in billed if found is not None)
    return [view for view in views if view.status == invoices.TO_PAY]
