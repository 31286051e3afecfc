"""The accounts' summary windows: the first booking request's summary leaves at once and opens a window;
the requests of the same account until it ends are summed up in it and mailed when it ends.

Every step is one conditional UpdateItem on the account's window item, so requests at the same moment
never open two windows nor lose a line: a window opens only when the last one has ended and its lines are
gone; lines are added only while it is open (so once it has ended, what it holds no longer changes and is
mailed whole); its lines are removed only by the end of that same window.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from typing import Any

from pynamodb.exceptions import DoesNotExist, UpdateError
from pynamodb.expressions.update import Action

from portal.bookings.store.items import SummaryWindowRecord
from portal.bookings.store.keys import SUMMARIES, summary_key
from portal.kernel.ids import TenantSlug
from portal.platform.aws import translate_aws_errors
from portal.platform.table import is_conditional_failure, query_items, write_if

KEPT_SECONDS = 86_400  # a window item outlives its end by a day (TTL), for the end's late messages


@dataclass(frozen=True)
class Window:
    due: int
    lines: list[list[Any]]


def open_window(tenant: TenantSlug, account_id: str, now: int, seconds: int) -> bool:
    """Open the account's window until ``now + seconds``: False while one is open, or while the last one's
    lines have not gone yet."""
    record = _record(tenant, account_id)
    ended = SummaryWindowRecord.pk.does_not_exist() | (SummaryWindowRecord.due <= now)
    actions: list[Action] = [
        SummaryWindowRecord.due.set(now + seconds),
        SummaryWindowRecord.expires_at.set(now + seconds + KEPT_SECONDS),
    ]
    return write_if(
        lambda: record.update(actions=actions, condition=ended & SummaryWindowRecord.lines.does_not_exist())
    )


def add(tenant: TenantSlug, account_id: str, lines: list[list[Any]], now: int) -> int | None:
    """Sum ``lines`` up in the account's open window; when it ends (epoch seconds), or None if none is open."""
    record = _record(tenant, account_id)
    actions: list[Action] = [
        SummaryWindowRecord.lines.set((SummaryWindowRecord.lines | []).append([json.dumps(line) for line in lines])),
        SummaryWindowRecord.gsi2pk.set(SUMMARIES),
        SummaryWindowRecord.gsi2sk.set(f"{tenant}#{account_id}"),
    ]
    with translate_aws_errors():
        try:
            record.update(actions=actions, condition=SummaryWindowRecord.due > now)
        except UpdateError as exc:
            if not is_conditional_failure(exc):
                raise
            return None
    return int(record.due)


def pending(tenant: TenantSlug, account_id: str) -> Window | None:
    """The account's window as it is now (a consistent read), if any."""
    with translate_aws_errors():
        try:
            record = SummaryWindowRecord.get(summary_key(tenant, account_id), "WINDOW", consistent_read=True)
        except DoesNotExist:
            return None
    return Window(int(record.due), [json.loads(str(line)) for line in record.lines or []])


def end_now(tenant: TenantSlug, account_id: str, now: int) -> None:
    """End the account's window now, if it is still open."""
    record = _record(tenant, account_id)
    write_if(lambda: record.update(actions=[SummaryWindowRecord.due.set(now)], condition=SummaryWindowRecord.due > now))


def clear(tenant: TenantSlug, account_id: str, due: int) -> None:
    """The lines of the window that ended at ``due`` were mailed: they go (nothing if another window is open)."""
    record = _record(tenant, account_id)
    actions: list[Action] = [
        SummaryWindowRecord.lines.remove(),
        SummaryWindowRecord.gsi2pk.remove(),
        SummaryWindowRecord.gsi2sk.remove(),
    ]
    write_if(lambda: record.update(actions=actions, condition=SummaryWindowRecord.due == due))


def waiting() -> list[tuple[TenantSlug, str]]:
    """Every tenant's accounts whose window holds lines not mailed yet."""
    listed = query_items((SummaryWindowRecord,), hash_key=SUMMARIES, index_name="InvoiceRefIndex")
    keys = (str(r.gsi2sk).partition("#") for r in listed if isinstance(r, SummaryWindowRecord))
    return [(TenantSlug(tenant), account_id) for tenant, _, account_id in keys]


def _record(tenant: TenantSlug, account_id: str) -> SummaryWindowRecord:
    return SummaryWindowRecord(summary_key(tenant, account_id), "WINDOW")
