"""The town's feed of booking changes: each change's event, written in the same transaction as the change.

The feed is sharded by day and by a hash of the child (``keys.FEED_SHARDS`` partitions a day), so 500
booking requests a second for one town never meet in one partition; a reader merges the shards of each
day in order, and reads only the days marked as having events (a mark written once per container and
day, before the first event of that day).
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import UTC, date, datetime
from typing import cast

from portal.bookings.model import Event, EventStatus, Reason
from portal.bookings.store.items import EventRecord
from portal.bookings.store.keys import FEED_SHARDS, feed_days_key, feed_key, feed_sort, shard
from portal.kernel.ids import TenantSlug
from portal.platform import marks
from portal.platform.table import query_items


def mark_days(tenant: TenantSlug, events: Iterable[Event]) -> None:
    """Mark the days of events about to be written (before them: a reader who finds an event finds its day)."""
    for day in {event.at.astimezone(UTC).date() for event in events}:
        marks.mark_day(feed_days_key(tenant), day.isoformat())


def days_with_events(tenant: TenantSlug, first: date, last: date) -> list[date]:
    return [
        date.fromisoformat(d) for d in marks.days_marked(feed_days_key(tenant), first.isoformat(), last.isoformat())
    ]


def position(at: datetime, event_id: str = "") -> str:
    """A place in the feed: the events after a moment (and an event id) come after it."""
    return feed_sort(at, event_id)


def events_of_day(tenant: TenantSlug, day: date, after: str, until: str, limit: int) -> list[tuple[str, Event]]:
    """The first ``limit`` of a day's events with a position after ``after`` and up to ``until`` (feed_sort
    positions), every shard merged in order: (position, event). Each shard is read an eighth of ``limit`` at
    a time, and read on only once the merge has taken all it read (its next event may come first): a page
    reads what it returns and at most an eighth more a shard, never the rest of its day."""
    share = -(-limit // FEED_SHARDS)
    parts = [_Shard(feed_key(tenant, day, part), after) for part in range(FEED_SHARDS)]
    found: list[tuple[str, Event]] = []
    while len(found) < limit:
        for part in parts:
            if not part.buffer and not part.done:
                part.read(until, share)
        heads = [part for part in parts if part.buffer]
        if not heads:
            break
        found.append(min(heads, key=lambda part: part.buffer[0][0]).buffer.pop(0))
    return found


class _Shard:
    """One shard of a day's feed, read in order a share at a time."""

    def __init__(self, key: str, after: str) -> None:
        self.key, self.last, self.done = key, after, False
        self.buffer: list[tuple[str, Event]] = []

    def read(self, until: str, share: int) -> None:
        items = query_items(
            (EventRecord,),
            pages=1,
            limit=share,
            hash_key=self.key,
            range_key_condition=EventRecord.sk.between(self.last + "\x00", until),
        )
        self.buffer = [(str(record.sk), _event(record)) for record in items if isinstance(record, EventRecord)]
        self.done = len(items) < share
        if self.buffer:
            self.last = self.buffer[-1][0]


def event_item(tenant: TenantSlug, event: Event) -> EventRecord:
    return EventRecord(
        feed_key(tenant, event.at.astimezone(UTC).date(), shard(event.child_id)),
        feed_sort(event.at, event.event_id),
        event_id=event.event_id,
        at=event.at,
        child_id=event.child_id,
        family_id=event.family_id,
        activity_id=event.activity_id,
        unit_id=event.unit_id,
        day=event.day.isoformat(),
        status=event.status,
        reason=event.reason,
        comment=event.comment,
    )


def _event(record: EventRecord) -> Event:
    return Event(
        event_id=record.event_id,
        at=record.at,
        child_id=record.child_id,
        family_id=record.family_id,
        activity_id=record.activity_id,
        unit_id=record.unit_id,
        day=date.fromisoformat(record.day),
        status=cast(EventStatus, record.status),
        reason=cast(Reason | None, record.reason),
        comment=record.comment,
    )
