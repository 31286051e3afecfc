"""What awaits the town, oldest first: one marker item per object waiting for someone at the town (a request
pending, a paper received), put and removed in the very transactions that make the object wait and stop
waiting, so a pile never lists what no longer waits nor misses what does. The agents' inbox reads the piles.

| access pattern          | key condition                                                     |
|-------------------------|-------------------------------------------------------------------|
| a pile, oldest first    | Query pk=TENANT#{t}#PILE#{name}, sk=WAIT#{since}#{id}             |
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from pynamodb.attributes import UnicodeAttribute, UTCDateTimeAttribute
from pynamodb.transactions import TransactWrite

from portal.kernel import clock
from portal.kernel.ids import TenantSlug
from portal.platform.aws import translate_aws_errors
from portal.platform.table import Item, query_items

PREFIX = "WAIT#"


class PileRecord(Item):
    sort_prefix = PREFIX

    object_id = UnicodeAttribute()
    since = UTCDateTimeAttribute()
    summary = UnicodeAttribute()


@dataclass(frozen=True)
class Waiting:
    object_id: str
    since: datetime
    summary: str


@dataclass(frozen=True)
class Pile:
    """One pile: its name in keys (``REQUESTS``)."""

    name: str

    def put(self, t: TransactWrite, tenant: TenantSlug, object_id: str, since: datetime, summary: str) -> None:
        """In a transaction: the object waits from ``since``."""
        t.save(
            PileRecord(
                self._key(tenant), self._sort(object_id, since), object_id=object_id, since=since, summary=summary
            )
        )

    def drop(self, t: TransactWrite, tenant: TenantSlug, object_id: str, since: datetime) -> None:
        """In a transaction: the object waits no more."""
        t.delete(PileRecord(self._key(tenant), self._sort(object_id, since)))

    def waiting(self, tenant: TenantSlug, limit: int) -> tuple[int, list[Waiting]]:
        """How many wait, and the ``limit`` oldest (a Query for them, a counting Query for the rest)."""
        first = query_items((PileRecord,), pages=1, limit=limit, hash_key=self._key(tenant))
        items = [Waiting(r.object_id, r.since, r.summary) for r in first if isinstance(r, PileRecord)]
        if len(items) < limit:
            return len(items), items
        with translate_aws_errors():
            return PileRecord.count(self._key(tenant)), items

    def _key(self, tenant: TenantSlug) -> str:
        return f"TENANT#{tenant}#PILE#{self.name}"

    @staticmethod
    def _sort(object_id: str, since: datetime) -> str:
        return f"{PREFIX}{clock.rfc3339(since, 'microseconds')}#{object_id}"
