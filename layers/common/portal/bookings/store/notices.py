"""Places obtained whose "place obtenue" mail has not gone yet: the promotion's transaction writes one
(so a request that stops right after it loses no mail), the mail's consumer deletes it once the family's
followers are mailed, and the sweep queues again those left behind."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, datetime, timedelta

from pynamodb.expressions.condition import Condition

from portal.bookings.model import Event
from portal.bookings.store.items import NoticeRecord
from portal.bookings.store.keys import NOTICES, notice_sort, notices_key
from portal.kernel import clock
from portal.kernel.ids import TenantSlug
from portal.platform.aws import translate_aws_errors
from portal.platform.table import get_items, query_items

KEPT_DAYS = 14  # a notice nobody could mail is dropped (TTL) after this long


@dataclass(frozen=True)
class Notice:
    child_id: str
    activity_id: str
    unit_id: str
    day: date


def item(tenant: TenantSlug, event: Event, ticket: int) -> NoticeRecord:
    """The notice of a promotion, from its feed event and the ticket the child waited with."""
    sort = notice_sort(event.child_id, event.activity_id, event.unit_id, event.day, ticket)
    return NoticeRecord(
        notices_key(tenant, event.family_id),
        sort,
        child_id=event.child_id,
        activity_id=event.activity_id,
        unit_id=event.unit_id,
        day=event.day.isoformat(),
        gsi2pk=NOTICES,
        gsi2sk=f"{clock.rfc3339(event.at, 'microseconds')}#{tenant}#{event.family_id}#{sort}",
        expires_at=int((event.at + timedelta(days=KEPT_DAYS)).timestamp()),
    )


def read(tenant: TenantSlug, family_id: str, sorts: Iterable[str]) -> list[Notice]:
    """The notices still there (not mailed yet), in their order (by day)."""
    found = get_items((notices_key(tenant, family_id), sort) for sort in sorts)
    records = sorted((NoticeRecord.from_raw_data(raw) for raw in found.values()), key=lambda r: str(r.sk))
    return [Notice(r.child_id, r.activity_id, r.unit_id, date.fromisoformat(r.day)) for r in records]


def forget(tenant: TenantSlug, family_id: str, sorts: Iterable[str]) -> None:
    """The family's followers were mailed: its notices go (BatchWriteItem)."""
    with translate_aws_errors(), NoticeRecord.batch_write() as batch:
        for sort in sorts:
            batch.delete(NoticeRecord(notices_key(tenant, family_id), sort))


def left_before(moment: datetime) -> dict[tuple[TenantSlug, str], list[str]]:
    """Every tenant's notices written before ``moment``, by (tenant, family): their sort keys."""
    before: Condition = NoticeRecord.gsi2sk < clock.rfc3339(moment, "microseconds")
    listed = query_items((NoticeRecord,), hash_key=NOTICES, index_name="InvoiceRefIndex", range_key_condition=before)
    found: dict[tuple[TenantSlug, str], list[str]] = {}
    for record in listed:
        if not isinstance(record, NoticeRecord):
            continue
        _, tenant, family_id, sort = str(record.gsi2sk).split("#", 3)
        found.setdefault((TenantSlug(tenant), family_id), []).append(sort)
    return found
