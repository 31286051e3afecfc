"""The town's feeds of the "both ways" part (API.md v1.3): each object changed since ``since`` **as it is
now**, by its last change, once that change is ``SETTLE`` old, ``PAGE`` at a time with a signed cursor; an
object changed again later appears again at its new place. Requests and documents are fed this way.

An object's item carries its position in its feed in the second index (``InvoiceRefIndex``): partition
``TENANT#{t}#{FEED}#{day}#{shard}`` (a day of changes spread over ``SHARDS`` partitions, so that no partition
holds a whole town), sort key ``{changed_at}#{id}``. A page reads the positions of each day marked (the days
are marked before their first change is written: a reader who finds a change finds its day), merges the
shards, then reads the objects as they are now; one changed since it was listed there is left to its new
place, where the reader finds it later (its change is newer than what it has read).
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta

from pynamodb.attributes import UnicodeAttribute

from portal.kernel import clock
from portal.kernel.ids import TenantSlug
from portal.platform import cursor, marks
from portal.platform.table import Item, get_items, query_items

SHARDS = 4
PAGE = 500
SETTLE = timedelta(seconds=30)  # a change is listed once this old: one still committing is never passed


def readable(since: datetime) -> datetime:
    """``since`` as a feed reads it: a moment before year 1 in UTC is the beginning."""
    return since if clock.in_range(since) else datetime.min.replace(tzinfo=UTC)


class FeedItem(Item):
    """An item in a feed: its position in the second index (``index_keys``)."""

    gsi2pk = UnicodeAttribute()
    gsi2sk = UnicodeAttribute()


@dataclass(frozen=True)
class Feed[R: FeedItem]:
    """One feed: its name in keys (``REQUESTFEED``) and in its cursors (``requests``), its items' kind and
    the key of an object by its id."""

    name: str
    scope: str
    kind: type[R]
    key_of: Callable[[TenantSlug, str], tuple[str, str]]

    def index_keys(self, tenant: TenantSlug, changed_at: datetime, object_id: str) -> tuple[str, str]:
        """An object's partition and sort key in the feed's index, for its last change."""
        changed = clock.rfc3339(changed_at, "microseconds")
        shard = hashlib.sha256(object_id.encode()).digest()[0] % SHARDS
        return f"TENANT#{tenant}#{self.name}#{changed[:10]}#{shard}", f"{changed}#{object_id}"

    def mark(self, tenant: TenantSlug, changed_at: datetime) -> None:
        """Mark the day of a change about to be written (before it)."""
        marks.mark_day(self._days(tenant), clock.rfc3339(changed_at)[:10])

    def page(self, tenant: TenantSlug, since: datetime, after: str | None) -> tuple[list[R], str | None]:
        """The objects changed from ``since`` on, as they are now, after the cursor ``after``; the next cursor."""
        since = readable(since)
        scope = self._scope(tenant, since)
        position = cursor.read(after, scope, size=1)[0] if after else clock.rfc3339(since, "microseconds")
        until = clock.rfc3339(clock.now() - SETTLE, "microseconds")
        if position >= until:
            return [], None
        found: list[tuple[str, R]] = []
        for day in marks.days_marked(self._days(tenant), position[:10], until[:10]):
            start = position if day == position[:10] else ""
            found += self._changed_on(tenant, day, start, until, PAGE + 1 - len(found))
            if len(found) > PAGE:
                break
        page, more = found[:PAGE], len(found) > PAGE
        return [record for _, record in page], cursor.make((page[-1][0],), scope) if more else None

    def resume_after(self, tenant: TenantSlug, since: datetime, record: R) -> str:
        """A cursor resuming the feed after ``record`` (a page its reader cut short: too big to answer)."""
        return cursor.make((record.gsi2sk,), self._scope(tenant, readable(since)))

    def _scope(self, tenant: TenantSlug, since: datetime) -> str:
        return f"{tenant}#{self.scope}#{clock.rfc3339(since)}"

    def _changed_on(self, tenant: TenantSlug, day: str, after: str, until: str, limit: int) -> list[tuple[str, R]]:
        """The first ``limit`` objects whose last change falls on ``day`` after ``after`` up to ``until``: the
        index's positions (every shard, merged), then the objects as they are now, each with its position."""
        positions: list[str] = []
        for shard in range(SHARDS):
            listed = query_items(
                (self.kind,),
                pages=1,
                limit=limit,
                hash_key=f"TENANT#{tenant}#{self.name}#{day}#{shard}",
                index_name="InvoiceRefIndex",
                range_key_condition=self.kind.gsi2sk.between(after + "\x00", until),
            )
            positions += [str(r.gsi2sk) for r in listed if isinstance(r, self.kind)]
        chosen = sorted(positions)[:limit]
        keys = [self.key_of(tenant, p.rsplit("#", 1)[1]) for p in chosen]
        found = get_items(keys)
        now = [found.get(key) for key in keys]
        current = [(p, self.kind.from_raw_data(raw)) for p, raw in zip(chosen, now, strict=True) if raw is not None]
        return [(p, record) for p, record in current if record.gsi2sk == p]

    def _days(self, tenant: TenantSlug) -> str:
        return f"TENANT#{tenant}#{self.name}DAYS"
