"""The waiting lists: one per slot (an activity's unit on a day), in its own partition, oldest first.

A waiting ticket is one ``ADD`` on the slot's counter item, and each ticket is written as an entry of the
slot's list (``waiting`` for a child, or ``gone`` once promoted, cancelled or lost), so a position is
counted from the entries below it once all are there. A slot that gave a ticket is listed under its
activity's slots with waiters (FamilyIndex), for a raised capacity to find them.
"""

from __future__ import annotations

from datetime import date, datetime, timedelta

from pynamodb.exceptions import DoesNotExist
from pynamodb.expressions.condition import Condition
from pynamodb.expressions.update import Action

from portal.bookings.model import Booking, Slot
from portal.bookings.store.items import SlotRecord, WaitRecord
from portal.bookings.store.keys import (
    SLOT,
    WAIT_DAYS,
    WAITLISTS,
    slot_key,
    wait_key,
    wait_sort,
    waiting_partition,
    waitlists_sort,
)
from portal.kernel.ids import TenantSlug
from portal.platform.aws import translate_aws_errors
from portal.platform.table import get_items, query_items, write_if


def slot(tenant: TenantSlug, activity_id: str, day: date, unit_id: str) -> Slot:
    """A slot's places taken, tickets given and children waiting, as they are now (a consistent read)."""
    with translate_aws_errors():
        try:
            record = SlotRecord.get(slot_key(tenant, activity_id, day, unit_id), SLOT, consistent_read=True)
        except DoesNotExist:
            return Slot(activity_id, unit_id, day)
    return as_slot(record, activity_id, day, unit_id)


def as_slot(record: SlotRecord, activity_id: str, day: date, unit_id: str) -> Slot:
    return Slot(activity_id, unit_id, day, int(record.taken or 0), int(record.tickets or 0), int(record.waiting or 0))


def take_ticket(tenant: TenantSlug, activity_id: str, day: date, unit_id: str) -> int:
    """The next waiting ticket of a slot (one ADD); the slot is listed under its activity's waiters, and
    under every tenant's waiting lists of its day (the sweep's)."""
    record = SlotRecord(slot_key(tenant, activity_id, day, unit_id), SLOT)
    actions: list[Action] = [
        SlotRecord.tickets.add(1),
        SlotRecord.gsi1pk.set(waiting_partition(tenant, activity_id)),
        SlotRecord.gsi1sk.set(f"{day.isoformat()}#{unit_id}"),
        SlotRecord.gsi2pk.set(WAITLISTS),
        SlotRecord.gsi2sk.set(waitlists_sort(tenant, activity_id, day, unit_id)),
    ]
    with translate_aws_errors():
        record.update(actions=actions)
    return int(record.tickets)


def lose_ticket(tenant: TenantSlug, booking: Booking) -> None:
    """A ticket that will never wait (its booking could not be written): an entry marked gone, if absent."""
    write_if(lambda: entry_item(tenant, booking, None, "gone").save(condition=WaitRecord.pk.does_not_exist()))


def waiting_children(tenant: TenantSlug, activity_id: str, day: date, unit_id: str) -> list[tuple[int, str]]:
    """A slot's children still waiting, oldest first: (ticket, child)."""
    return [
        (int(entry.sk), entry.child_id)
        for entry in _entries(tenant, activity_id, day, unit_id, below=None)
        if entry.state == "waiting" and entry.child_id
    ]


def entries_before(tenant: TenantSlug, booking: Booking) -> dict[int, bool]:
    """The entries of the list before a waiting booking's ticket: ticket → still waiting."""
    assert booking.ticket is not None
    below = _entries(tenant, booking.activity_id, booking.day, booking.unit_id, below=booking.ticket)
    return {int(entry.sk): entry.state == "waiting" for entry in below}


def slots_with_waiters(tenant: TenantSlug, activity_id: str, since: date) -> list[tuple[date, str]]:
    """The (day, unit) slots of an activity that gave waiting tickets, from ``since`` on."""
    items = query_items(
        (SlotRecord,),
        hash_key=waiting_partition(tenant, activity_id),
        index_name="FamilyIndex",
        range_key_condition=SlotRecord.gsi1sk >= since.isoformat(),
    )
    found = []
    for record in items:
        if isinstance(record, SlotRecord):
            day, _, unit_id = str(record.gsi1sk).partition("#")
            found.append((date.fromisoformat(day), unit_id))
    return found


def owing(since: date) -> list[tuple[TenantSlug, Slot]]:
    """Every tenant's slots from ``since`` on that have children waiting, as they are now: one Query of the
    sweep's index (its slots that ever gave a ticket), then their counters (BatchGetItem, consistent)."""
    listed = query_items(
        (SlotRecord,),
        hash_key=WAITLISTS,
        index_name="InvoiceRefIndex",
        range_key_condition=SlotRecord.gsi2sk >= since.isoformat(),
    )
    found = get_items((str(record.pk), SLOT) for record in listed)
    slots = []
    for raw in found.values():
        record = SlotRecord.from_raw_data(raw)
        day, tenant, activity_id, unit_id = str(record.gsi2sk).split("#")
        slot = as_slot(record, activity_id, date.fromisoformat(day), unit_id)
        if slot.waiting > 0:
            slots.append((TenantSlug(tenant), slot))
    return sorted(slots, key=lambda found: (found[0], found[1].activity_id, found[1].day, found[1].unit_id))


def entry_key(tenant: TenantSlug, booking: Booking) -> WaitRecord:
    assert booking.ticket is not None
    return WaitRecord(wait_key(tenant, booking.activity_id, booking.day, booking.unit_id), wait_sort(booking.ticket))


def entry_item(tenant: TenantSlug, booking: Booking, child_id: str | None, state: str) -> WaitRecord:
    """A ticket's entry, swept ``WAIT_DAYS`` after its day."""
    record = entry_key(tenant, booking)
    swept = datetime.combine(booking.day + timedelta(days=WAIT_DAYS), datetime.min.time())
    record.child_id, record.state, record.expires_at = child_id, state, int(swept.timestamp())
    return record


def _entries(tenant: TenantSlug, activity_id: str, day: date, unit_id: str, below: int | None) -> list[WaitRecord]:
    condition: Condition | None = WaitRecord.sk < wait_sort(below) if below is not None else None
    items = query_items(
        (WaitRecord,),
        hash_key=wait_key(tenant, activity_id, day, unit_id),
        range_key_condition=condition,
        consistent_read=True,
    )
    return [i for i in items if isinstance(i, WaitRecord)]
