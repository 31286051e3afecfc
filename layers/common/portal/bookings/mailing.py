"""The espace famille's mails leave through a queue (SQS), never in a request's time, and each goes once.

Three kinds of message: a request's ``summary`` for the account that asked
(unless its ``bookings`` choice is off), a ``promoted`` child's "place
obtenue" for every follower of its family, and the days an import ``closed``
for a family (``closures`` cancels them first) for every follower. The
consumer (``send_booking_mails``) marks each (message, account) mail with a
conditional write before it goes and unmarks it if SES fails, so a redelivered
message never mails twice.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date
from typing import Any

from portal.accounts import directory, unsubscribe
from portal.accounts.model import ACTIVE, Account
from portal.bookings import mails
from portal.bookings.messages import BookingMessage, Mail, PromotedMessage, SummaryMessage
from portal.bookings.model import Activity, Child, Outcome, Promotion
from portal.bookings.store import mail_marks
from portal.kernel import clock, ids
from portal.kernel.ids import TenantSlug
from portal.platform import queues
from portal.platform.config import settings
from portal.platform.errors import ApiError
from portal.platform.observability import logger
from portal.tenancy.model import Tenant
from portal.tenancy.tenants import get_tenant


def summary(tenant: TenantSlug, account: Account, child: Child, activity: Activity, outcomes: list[Outcome]) -> None:
    if not account.notifications.bookings or account.email_undeliverable:
        return
    units = {unit.unit_id: unit.label for unit in activity.units}
    lines: list[list[Any]] = [
        [o.day.isoformat(), units.get(o.unit_id, o.unit_id), o.outcome, o.code, o.waiting_position] for o in outcomes
    ]
    queue(
        [
            SummaryMessage(
                kind="summary",
                id=ids.random_id(),
                tenant=tenant,
                account=account.account_id,
                child=child.first_name,
                activity=activity.label,
                lines=lines,
            )
        ]
    )


def promotions(tenant: TenantSlug, promoted: list[Promotion]) -> None:
    queue(
        [
            PromotedMessage(
                kind="promoted",
                id=ids.random_id(),
                tenant=tenant,
                family=p.child.family_id,
                child=p.child.first_name,
                activity=p.activity_label,
                unit=p.unit_label,
                day=p.day.isoformat(),
            )
            for p in promoted
        ]
    )


def queue(messages: Sequence[BookingMessage]) -> None:
    """Queue messages for the consumer."""
    if messages and settings().booking_mails_queue_url:
        queues.send(settings().booking_mails_queue_url, messages)


def deliver(message: Mail) -> int:
    """Send a message's mails (each once); how many went. Raises (to be retried) when SES fails."""
    tenant = get_tenant(message["tenant"])
    kind, mail_id = message["kind"], message["id"]
    family = None if message["kind"] == "summary" else message["family"]
    accounts = [message["account"]] if message["kind"] == "summary" else directory.followers(tenant.slug, family or "")
    sent = 0
    for account_id in accounts:
        account = directory.get(tenant.slug, account_id)
        if account is None or account.status != ACTIVE or account.email_undeliverable:
            continue
        if family is not None and family not in account.subscriptions:
            continue
        if kind == "summary" and not account.notifications.bookings:
            continue
        if not mail_marks.claim(tenant.slug, mail_id, account_id, int(clock.now().timestamp())):
            continue  # a redelivered message: already sent
        try:
            _mail(tenant, account, message)
        except ApiError:
            mail_marks.release(tenant.slug, mail_id, account_id)
            raise
        sent += 1
    logger.info("booking mails sent", extra={"kind": kind, "mails": sent})
    return sent


def _mail(tenant: Tenant, account: Account, message: Mail) -> None:
    to, name = account.email, account.first_name
    if message["kind"] == "summary":
        outcomes = [(date.fromisoformat(d), u, o, c, p) for d, u, o, c, p in message["lines"]]
        link = unsubscribe.link(tenant, account.account_id, "bookings")
        mails.send_summary(tenant, to, name, str(message["child"]), str(message["activity"]), outcomes, link)
    elif message["kind"] == "promoted":
        day = date.fromisoformat(message["day"])
        mails.send_place_obtained(tenant, to, name, message["child"], message["activity"], message["unit"], day)
    else:
        closed_days = [(c, a, date.fromisoformat(d), u) for c, a, d, u in message["lines"]]
        mails.send_closed_days(tenant, to, name, closed_days)
