"""The accounts' summary windows: the first booking request's summary leaves at once and opens a window;
the requests of the same account until it ends are summed up in it and mailed when it ends.

Every step is one conditional UpdateItem on the account's window item, so requests at the same moment never
open two windows nor lose a line: a window opens only when the last one has ended and its lines are gone;
lines are added while it is open, or after its end while its lines wait (they go with them, not alone); its
lines are removed only by the end of that same window, and only those it mailed (``sent`` counts them, so
that a later mail of the same window has its own mark). A window holds ``MAX_LINES`` at most, and counts
the changes beyond (``more``): its item stays far below DynamoDB's 400 KB.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from typing import Any

from pynamodb.exceptions import DoesNotExist
from pynamodb.expressions.condition import Condition, size
from pynamodb.expressions.update import Action

from portal.bookings.store.items import SummaryWindowRecord
from portal.bookings.store.keys import SUMMARIES, summary_key
from portal.kernel.ids import TenantSlug
from portal.platform.aws import translate_aws_errors
from portal.platform.table import query_items, write_if

KEPT_SECONDS = 86_400  # a window item outlives its end by a day (TTL), for the end's late messages
MAX_LINES = 1_000  # a line is at most a few hundred bytes of JSON
CLEAR_TRIES = 5

W = SummaryWindowRecord


@dataclass(frozen=True)
class Window:
    due: int
    lines: list[list[Any]]
    more: int = 0  # changes beyond MAX_LINES, counted only
    sent: int = 0  # lines of this window mailed already


def open_window(tenant: TenantSlug, account_id: str, now: int, seconds: int) -> bool:
    """Open the account's window until ``now + seconds``: False while one is open, or while the last one's
    lines have not gone yet."""
    ended = (W.pk.does_not_exist() | (W.due <= now)) & W.lines.does_not_exist()
    actions: list[Action] = [W.due.set(now + seconds), W.sent.set(0), W.expires_at.set(now + seconds + KEPT_SECONDS)]
    return write_if(lambda: _record(tenant, account_id).update(actions=actions, condition=ended))


def add(tenant: TenantSlug, account_id: str, lines: list[list[Any]], now: int) -> int | None:
    """Sum ``lines`` up in the account's window (open, or ended with lines still waiting); when it ends or
    ended (epoch seconds), or None when there is none to join. Beyond ``MAX_LINES``, the changes are counted."""
    joinable: Condition = (W.due > now) | W.lines.exists()
    room: Condition = W.lines.does_not_exist() | (size(W.lines) <= MAX_LINES - len(lines))
    actions: list[Action] = [
        W.lines.set((W.lines | []).append([json.dumps(line) for line in lines])),
        W.gsi2pk.set(SUMMARIES),
        W.gsi2sk.set(f"{tenant}#{account_id}"),
    ]
    record = _record(tenant, account_id)
    if write_if(lambda: record.update(actions=actions, condition=joinable & room)):
        return int(record.due)
    if write_if(lambda: record.update(actions=[W.more.add(len(lines))], condition=joinable & W.lines.exists())):
        return int(record.due)  # full: counted
    return None


def pending(tenant: TenantSlug, account_id: str) -> Window | None:
    """The account's window as it is now (a consistent read), if any."""
    with translate_aws_errors():
        try:
            record = W.get(summary_key(tenant, account_id), "WINDOW", consistent_read=True)
        except DoesNotExist:
            return None
    lines = [json.loads(str(line)) for line in record.lines or []]
    return Window(int(record.due), lines, int(record.more or 0), int(record.sent or 0))


def end_now(tenant: TenantSlug, account_id: str, now: int) -> None:
    """End the account's window now, if it is still open."""
    write_if(lambda: _record(tenant, account_id).update(actions=[W.due.set(now)], condition=W.due > now))


def clear(tenant: TenantSlug, account_id: str, mailed: Window) -> None:
    """The lines ``mailed`` (the window as read) went: they go, and those added since stay for the next mail
    (nothing if another window opened meanwhile)."""
    count, record = len(mailed.lines), _record(tenant, account_id)
    for _ in range(CLEAR_TRIES):
        now = pending(tenant, account_id)
        if now is None or now.due != mailed.due or now.sent != mailed.sent:
            return  # cleared already (a redelivered end), or a later window
        rest: list[Any] = [json.dumps(line) for line in now.lines[count:]]
        actions: list[Action] = [W.sent.add(count), W.more.add(-mailed.more)]
        if rest:
            actions.append(W.lines.set(rest))
        else:
            actions += [W.lines.remove(), W.gsi2pk.remove(), W.gsi2sk.remove()]
        same = (W.due == mailed.due) & (W.sent == mailed.sent) & (size(W.lines) == len(now.lines))
        if _written(record, actions, same):
            return


def _written(record: SummaryWindowRecord, actions: list[Action], condition: Condition) -> bool:
    return write_if(lambda: record.update(actions=actions, condition=condition))


def waiting() -> list[tuple[TenantSlug, str]]:
    """Every tenant's accounts whose window holds lines not mailed yet."""
    listed = query_items((W,), hash_key=SUMMARIES, index_name="InvoiceRefIndex")
    keys = (str(r.gsi2sk).partition("#") for r in listed if isinstance(r, W))
    return [(TenantSlug(tenant), account_id) for tenant, _, account_id in keys]


def _record(tenant: TenantSlug, account_id: str) -> SummaryWindowRecord:
    return W(summary_key(tenant, account_id), "WINDOW")
