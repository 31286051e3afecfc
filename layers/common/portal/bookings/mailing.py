"""The espace famille's mails leave through a queue (SQS), never in a request's time, and each goes once.

- A request's **summary** goes to the account that asked (unless its ``bookings`` choice is off). The first
  one leaves at once and opens the account's window (``store.summaries``) of ``SUMMARY_WINDOW_SECONDS``;
  the requests the account makes until it ends are summed up in it, and a ``summary_due`` message queued
  with SQS's delay mails them when it ends: two mails, not thirty, for a parent clicking through a month.
- A family's **places obtained** by one request, import or sweep go to every follower in one mail: each
  promotion wrote its notice in its own transaction (``store.notices``), the ``promoted`` message names
  them, and the consumer deletes them once mailed (the sweep queues those a stopped request left).
- The days an import **closed** for a family go to every follower (``closures`` cancels them first).

The consumer (``send_booking_mails``) marks each (message, account) mail with a conditional write before it
goes and unmarks it if SES fails, so a redelivered message never mails twice. Every message is queued with
its tenant as message group: SQS's fair queueing then keeps one town's burst from delaying the others'.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from datetime import date, datetime
from typing import Any

from portal.accounts import directory, unsubscribe
from portal.accounts.model import ACTIVE, Account
from portal.bookings import mails
from portal.bookings.messages import BookingMessage, Mail, PromotedMessage, SummaryDueMessage, SummaryMessage
from portal.bookings.model import Activity, Child, Outcome, Promotion
from portal.bookings.store import mail_marks, notices, published, summaries
from portal.bookings.store.keys import notice_sort
from portal.kernel import clock, ids
from portal.kernel.ids import TenantSlug
from portal.platform import queues
from portal.platform.config import settings
from portal.platform.errors import ApiError, ServiceUnavailable
from portal.platform.observability import logger
from portal.tenancy.model import Tenant
from portal.tenancy.tenants import get_tenant

SUMMARY_WINDOW_SECONDS = 600  # the contract's 10 minutes
DUE_GRACE_SECONDS = 2  # a window's end is read this long after it: a line added at its last moment is there


def summary(tenant: TenantSlug, account: Account, child: Child, activity: Activity, outcomes: list[Outcome]) -> None:
    """A request's summary for the account that asked: at once if it opens the account's window, else summed
    up in the open window and mailed when it ends."""
    if not account.notifications.bookings or account.email_undeliverable:
        return
    units = {unit.unit_id: unit.label for unit in activity.units}
    lines: list[list[Any]] = [
        [child.first_name, activity.label, o.day.isoformat(), units.get(o.unit_id, o.unit_id), *_said(o)]
        for o in outcomes
    ]
    now = int(clock.now().timestamp())
    account_id = account.account_id
    due = None
    if not summaries.open_window(tenant, account_id, now, SUMMARY_WINDOW_SECONDS):
        due = summaries.add(tenant, account_id, lines, now)
    if due is None:  # the window opened now, or the last one's summary has not gone yet: this one goes alone
        queue([SummaryMessage(kind="summary", id=ids.random_id(), tenant=tenant, account=account_id, lines=lines)])
        return
    ending = SummaryDueMessage(
        kind="summary_due", id=_due_id(account_id, due), tenant=tenant, account=account_id, due=due
    )
    queue([ending], delay=due - now + DUE_GRACE_SECONDS)


def _said(outcome: Outcome) -> list[Any]:
    return [outcome.outcome, outcome.code, outcome.waiting_position]


def promotions(tenant: TenantSlug, promoted: list[Promotion]) -> None:
    """One message per family for the places its children obtained (their notices): a request, an import
    or a sweep hands all its promotions at once, so that a family gets one mail."""
    queue(
        [
            PromotedMessage(kind="promoted", id=ids.random_id(), tenant=tenant, family=family, notices=sorts)
            for family, sorts in sorted(_notices_by_family(promoted).items())
        ]
    )


def answered(tenant: TenantSlug, promoted: list[Promotion]) -> None:
    """Places the request that asked for them was answered with (``booked``): their notices go unmailed."""
    for family, sorts in _notices_by_family(promoted).items():
        notices.forget(tenant, family, sorts)


def _notices_by_family(promoted: list[Promotion]) -> dict[str, list[str]]:
    by_family: dict[str, list[str]] = {}
    for p in promoted:
        by_family.setdefault(p.child.family_id, []).append(
            notice_sort(p.child.child_id, p.activity_id, p.unit_id, p.day, p.ticket)
        )
    return by_family


def queue(messages: Sequence[BookingMessage], delay: int = 0) -> None:
    """Queue messages for the consumer, each in its tenant's message group (``delay``: seconds, at most 900)."""
    if messages and settings().booking_mails_queue_url:
        queues.send(settings().booking_mails_queue_url, messages, delay=delay, group="tenant")


def deliver(message: Mail | SummaryDueMessage) -> int:
    """Send a message's mails (each once); how many went. Raises (to be retried) when SES fails."""
    if message["kind"] == "summary_due":
        return _end_window(message["tenant"], message["account"], message["due"], clock.now())
    tenant = get_tenant(message["tenant"])
    send = _sender(tenant, message)
    sent = 0 if send is None else _send_each(tenant, message, send)
    if message["kind"] == "promoted":  # every follower mailed (or nothing left to mail): the notices go
        notices.forget(tenant.slug, message["family"], message["notices"])
    logger.info("booking mails sent", extra={"kind": message["kind"], "mails": sent})
    return sent


def _send_each(tenant: Tenant, message: Mail, send: Callable[[Account], None]) -> int:
    """Mail each recipient once (marked before it goes, unmarked if SES fails); how many went."""
    sent = 0
    for account in _recipients(tenant, message):
        if not mail_marks.claim(tenant.slug, message["id"], account.account_id, int(clock.now().timestamp())):
            continue  # a redelivered message: already sent
        try:
            send(account)
        except ApiError:
            mail_marks.release(tenant.slug, message["id"], account.account_id)
            raise
        sent += 1
    return sent


def _recipients(tenant: Tenant, message: Mail) -> list[Account]:
    """Who gets the message's mail: the account that asked for its summary (unless its ``bookings`` choice is
    off), or every follower of the family; active and reachable accounts only."""
    if message["kind"] == "summary":
        asker = directory.get(tenant.slug, message["account"])
        found = [asker] if asker is not None and asker.notifications.bookings else []
    else:
        family = message["family"]
        followers = (directory.get(tenant.slug, a) for a in directory.followers(tenant.slug, family))
        found = [a for a in followers if a is not None and family in a.subscriptions]
    return [a for a in found if a.status == ACTIVE and not a.email_undeliverable]


def send_summaries(now: datetime, end_open: bool = False) -> int:
    """Mail every tenant's summary windows ended and still holding lines (their ``summary_due`` message was
    lost with a request that stopped), or every window holding lines (``end_open``: the local stack's
    ``POST /_local/jobs/booking-summaries``, which ends them now). How many windows were mailed."""
    moment = int(now.timestamp())
    count = 0
    for tenant, account_id in summaries.waiting():
        try:
            if end_open:
                summaries.end_now(tenant, account_id, moment)
            window = summaries.pending(tenant, account_id)
            if window is not None and window.due <= moment - (0 if end_open else DUE_GRACE_SECONDS):
                _end_window(tenant, account_id, window.due, now)
                count += 1
        except ApiError as error:  # this window waits for the next run; the others go on
            logger.warning("summary not sent", extra={"tenant": tenant, "reason": type(error).__name__})
    return count


def _end_window(tenant: TenantSlug, account_id: str, due: int, now: datetime) -> int:
    """The window that ended at ``due``: its lines mailed once, then removed."""
    window = summaries.pending(tenant, account_id)
    if window is None or window.due != due or not window.lines:
        return 0  # mailed already, or a later window (its own end will come)
    if now.timestamp() < due:
        raise ServiceUnavailable("The summary window has not ended yet")
    mail_id = f"{_due_id(account_id, due)}-{window.sent}"  # a window's later lines get their own mail's mark
    message = SummaryMessage(
        kind="summary", id=mail_id, tenant=tenant, account=account_id, lines=window.lines, more=window.more
    )
    sent = deliver(message)
    summaries.clear(tenant, account_id, window)
    return sent


def _due_id(account_id: str, due: int) -> str:
    return f"summary-{account_id}-{due}"


def _sender(tenant: Tenant, message: Mail) -> Callable[[Account], None] | None:
    """How the message's mail goes to an account, or None when there is nothing left to mail."""
    if message["kind"] == "summary":
        lines = [(c, a, date.fromisoformat(d), u, o, code, p) for c, a, d, u, o, code, p in message["lines"]]

        more = message.get("more", 0)

        def send_summary(account: Account) -> None:
            link = unsubscribe.link(tenant, account.account_id, "bookings")
            mails.send_summary(tenant, account.email, account.first_name, lines, link, more)

        return send_summary
    if message["kind"] == "promoted":
        obtained = _obtained(tenant.slug, message)
        if not obtained:
            return None
        return lambda account: mails.send_places_obtained(tenant, account.email, account.first_name, obtained)
    closed_days = [(c, a, date.fromisoformat(d), u) for c, a, d, u in message["lines"]]
    return lambda account: mails.send_closed_days(tenant, account.email, account.first_name, closed_days)


def _obtained(tenant: TenantSlug, message: PromotedMessage) -> list[tuple[str, str, str, date]]:
    """The places a ``promoted`` message names and not mailed yet: (child, activity, unit, day) each."""
    left = notices.read(tenant, message["family"], message["notices"])
    kids = published.children(tenant, {n.child_id for n in left}) if left else {}
    known = published.activities(tenant, {n.activity_id for n in left}) if left else {}
    obtained = []
    for notice in left:
        kid, activity = kids.get(notice.child_id), known.get(notice.activity_id)
        if kid is not None and activity is not None:
            unit = activity.unit(notice.unit_id)
            obtained.append((kid.first_name, activity.label, unit.label if unit else notice.unit_id, notice.day))
    return obtained
