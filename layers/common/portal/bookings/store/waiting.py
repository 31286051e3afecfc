"""The waiting lists: one per slot (an activity's unit on a day), in its own partition, oldest first.

A waiting ticket is one ``ADD`` on the slot's counter item, and each ticket is written as an entry of the
slot's list (``waiting`` for a child, or ``gone`` once promoted, cancelled or lost). A ticket gone also
leaves a marker beside the entries, in the same write, so a position is its ticket less the markers before
it: one Query of the few tickets gone, not of the whole list (thousands of children in a rush, read by
every waiting answer and every calendar of a waiting child). A ticket taken whose entry is being written
counts as waiting: it waits, or is marked gone a moment later. A slot that gave a ticket is listed under
its activity's slots with waiters (FamilyIndex), for a raised capacity to find them.
"""

from __future__ import annotations

from datetime import date, datetime, timedelta

from pynamodb.exceptions import DoesNotExist
from pynamodb.expressions.update import Action
from pynamodb.transactions import TransactWrite

from portal.bookings.model import WAITING, Booking, Slot
from portal.bookings.store.items import GoneRecord, SlotRecord, WaitRecord
from portal.bookings.store.keys import (
    GONE,
    SLOT,
    WAIT_DAYS,
    WAITLISTS,
    gone_sort,
    slot_key,
    wait_key,
    wait_sort,
    waiting_partition,
    waitlists_sort,
)
from portal.kernel.ids import TenantSlug
from portal.platform.aws import translate_aws_errors
from portal.platform.table import Item, get_items, query_items, transact


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


def take_ticket(tenant: TenantSlug, activity_id: str, day: date, unit_id: str, now: int) -> int:
    """The next waiting ticket of a slot (one ADD, with its time); the slot is listed under its activity's
    waiters, and under every tenant's waiting lists of its day (the sweep's)."""
    record = SlotRecord(slot_key(tenant, activity_id, day, unit_id), SLOT)
    actions: list[Action] = [
        SlotRecord.tickets.add(1),
        SlotRecord.ticketed_at.set(now),
        SlotRecord.gsi1pk.set(waiting_partition(tenant, activity_id)),
        SlotRecord.gsi1sk.set(f"{day.isoformat()}#{unit_id}"),
        SlotRecord.gsi2pk.set(WAITLISTS),
        SlotRecord.gsi2sk.set(waitlists_sort(tenant, activity_id, day, unit_id)),
    ]
    with translate_aws_errors():
        record.update(actions=actions)
    return int(record.tickets)


def lose_ticket(tenant: TenantSlug, booking: Booking) -> None:
    """A ticket that will never wait (its booking could not be written): an entry marked gone and its marker,
    if the entry is absent."""

    def parts(t: TransactWrite) -> None:
        t.save(entry_item(tenant, booking, None, "gone"), condition=WaitRecord.pk.does_not_exist())
        t.save(gone_item(tenant, booking))

    transact(parts)  # its condition failing: the booking was written after all, its ticket waits


def waiting_children(tenant: TenantSlug, activity_id: str, day: date, unit_id: str) -> list[tuple[int, str]]:
    """A slot's children still waiting, oldest first: (ticket, child)."""
    entries = query_items(
        (WaitRecord,),
        hash_key=wait_key(tenant, activity_id, day, unit_id),
        range_key_condition=WaitRecord.sk < GONE,
        consistent_read=True,
    )
    return [
        (int(entry.sk), entry.child_id)
        for entry in entries
        if isinstance(entry, WaitRecord) and entry.state == "waiting" and entry.child_id
    ]


def mend(tenant: TenantSlug, activity_id: str, day: date, unit_id: str, settled_before: int) -> int:
    """Account for every ticket of a slot that neither waits nor left a marker, once the slot has taken no
    ticket since ``settled_before`` (a ticket whose entry is being written is not lost): a ticket whose
    booking and whose loss both failed to be written, a function stopped between its ticket and its write
    (each marked gone), or a list older than the markers (its gone entries marked). Each such ticket counted
    as waiting puts every later position one too high. Reads the list only when its counts disagree: one
    GetItem and one Query of the markers otherwise. How many tickets were mended."""
    key = wait_key(tenant, activity_id, day, unit_id)
    with translate_aws_errors():
        try:
            slot = SlotRecord.get(slot_key(tenant, activity_id, day, unit_id), SLOT, consistent_read=True)
        except DoesNotExist:
            return 0
    tickets = int(slot.tickets or 0)
    if not tickets or int(slot.ticketed_at or 0) > settled_before:
        return 0
    gone = {int(str(m.sk).removeprefix(GONE)) for m in _markers(key, tickets)}
    if tickets <= int(slot.waiting or 0) + len(gone):
        return 0
    entries = query_items((WaitRecord,), hash_key=key, range_key_condition=WaitRecord.sk < GONE, consistent_read=True)
    states = {int(e.sk): e.state for e in entries if isinstance(e, WaitRecord)}
    mended = 0
    for ticket in range(1, tickets + 1):
        if ticket in gone or states.get(ticket) == "waiting":
            continue
        lost = Booking("", activity_id, unit_id, day, WAITING, ticket=ticket)
        if states.get(ticket) == "gone":
            with translate_aws_errors():
                gone_item(tenant, lost).save()
        else:
            lose_ticket(tenant, lost)
        mended += 1
    return mended


def _markers(key: str, below_or_at: int) -> list[Item]:
    return query_items(
        (GoneRecord,),
        hash_key=key,
        range_key_condition=GoneRecord.sk.between(gone_sort(1), gone_sort(below_or_at)),
        consistent_read=True,
    )


def gone_before(tenant: TenantSlug, booking: Booking) -> int:
    """How many tickets before a waiting booking's are gone from its list (their markers, read consistently)."""
    assert booking.ticket is not None
    if booking.ticket <= 1:
        return 0
    return len(_markers(wait_key(tenant, booking.activity_id, booking.day, booking.unit_id), booking.ticket - 1))


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
    record.child_id, record.state, record.expires_at = child_id, state, _swept(booking)
    return record


def gone_item(tenant: TenantSlug, booking: Booking) -> GoneRecord:
    """A ticket's gone marker, written with its entry's change to ``gone``; swept with the entry."""
    assert booking.ticket is not None
    key = wait_key(tenant, booking.activity_id, booking.day, booking.unit_id)
    return GoneRecord(key, gone_sort(booking.ticket), expires_at=_swept(booking))


def _swept(booking: Booking) -> int:
    return int(datetime.combine(booking.day + timedelta(days=WAIT_DAYS), datetime.min.time()).timestamp())
