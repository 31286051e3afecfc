"""Bookings and the places of each slot: read them, and apply the writes the rules decide (``rules``).

Places are exact: a booking of a unit with a capacity takes its place with a conditional ``ADD`` on the
slot's counter (``taken < capacity``) in the same transaction as the booking item and its feed event, so
a counter never disagrees with its bookings, whatever the number of parents at once. Every write carries
the condition its decision was made on (no booking yet, the booking as it was read, a place left); a write
whose condition failed changed nothing and is reported lost, with why, for the change to be decided again.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from datetime import date, datetime
from typing import cast

from pynamodb.expressions.condition import Condition
from pynamodb.expressions.update import Action
from pynamodb.transactions import TransactWrite

from portal.bookings.model import (
    ABSENT,
    BOOKED,
    CANCELLED,
    WAITING,
    Booking,
    BookingStatus,
    Event,
    EventStatus,
    Reason,
    Slot,
)
from portal.bookings.rules import Applied, Book, Cancel, Loss, MarkAbsent, Promote, Wait, Write
from portal.bookings.store import feed, notices, waiting
from portal.bookings.store.items import BookingRecord, SlotRecord, WaitRecord
from portal.bookings.store.keys import (
    BOOKING_PREFIX,
    SLOT,
    attendance_partition,
    booking_sort,
    bookings_key,
    slot_key,
)
from portal.kernel import clock, ids
from portal.kernel.ids import TenantSlug
from portal.platform import parallel
from portal.platform.errors import ApiError, ServiceUnavailable
from portal.platform.table import get_items, query_items, transact

UNLIMITED_PER_TRANSACTION = 50  # a booking and its event each: TransactWriteItems takes 100 items


# --- reads -------------------------------------------------------------------------------------------------


def bookings(
    tenant: TenantSlug, child_id: str, activity_id: str, first: date, last: date
) -> dict[tuple[date, str], Booking]:
    """A child's bookings of an activity from ``first`` to ``last``: one Query (consistent)."""
    items = query_items(
        (BookingRecord,),
        hash_key=bookings_key(tenant, child_id, activity_id),
        range_key_condition=BookingRecord.sk.between(
            f"{BOOKING_PREFIX}{first.isoformat()}", f"{BOOKING_PREFIX}{last.isoformat()}#~"
        ),
        consistent_read=True,
    )
    found = [_booking(i) for i in items if isinstance(i, BookingRecord)]
    return {(b.day, b.unit_id): b for b in found}


def attendance(tenant: TenantSlug, activity_id: str, day: date) -> list[Booking]:
    items = query_items(
        (BookingRecord,), hash_key=attendance_partition(tenant, activity_id, day), index_name="FamilyIndex"
    )
    return [_booking(i) for i in items if isinstance(i, BookingRecord)]


def slots(tenant: TenantSlug, activity_id: str, wanted: Iterable[tuple[date, str]]) -> dict[tuple[date, str], Slot]:
    """Slots by (day, unit), in BatchGetItem calls (100 a call): those never touched are absent."""
    pairs = list(dict.fromkeys(wanted))
    found = get_items((slot_key(tenant, activity_id, d, u), SLOT) for d, u in pairs)
    out = {}
    for day, unit_id in pairs:
        raw = found.get((slot_key(tenant, activity_id, day, unit_id), SLOT))
        if raw is not None:
            out[(day, unit_id)] = waiting.as_slot(SlotRecord.from_raw_data(raw), activity_id, day, unit_id)
    return out


# --- writes ------------------------------------------------------------------------------------------------


def apply(tenant: TenantSlug, family_id: str, writes: Sequence[Write]) -> Applied:
    """Apply writes: those that take or give back a place, or touch a waiting list, one transaction each, a
    few at a time (``parallel``); the bookings of units without a capacity then, 50 to a transaction. Each
    feed event is stamped when its transaction is built (``_stamped``). A write whose condition fails
    changes nothing and is reported lost."""
    applied = Applied()
    unlimited = [position for position, write in enumerate(writes) if _unlimited(write)]
    limited = [position for position, write in enumerate(writes) if not _unlimited(write)]
    # Each on its own slot (a request names a (day, unit) once): independent, so a few at a time.
    for position, (ticket, loss) in zip(
        limited, parallel.each(lambda p: _slot_write(tenant, writes[p], family_id), limited), strict=True
    ):
        if ticket is not None:
            applied.tickets[position] = ticket
        if loss is not None:
            applied.lost[position] = loss
    changed = _in_transactions(tenant, family_id, [cast(Book | Cancel, writes[p]) for p in unlimited])
    applied.lost.update({unlimited[i]: "changed" for i in changed})
    return applied


def _slot_write(tenant: TenantSlug, write: Write, family_id: str) -> tuple[int | None, Loss | None]:
    """One write that takes or gives back a place or touches a waiting list: the ticket it took (a wait),
    and why it was lost, if it was."""
    event = _stamped(tenant, write, family_id)
    if isinstance(write, Wait):
        return _wait(tenant, write.booking, event)
    return None, _one(tenant, write, event)


def _stamped(tenant: TenantSlug, write: Write, family_id: str) -> Event:
    """The write's feed event, stamped now, just before its transaction: the feed relies on an event being
    stamped less than ``admin.SETTLE`` before it commits, which one transaction (its conflict retries
    included) keeps, whatever the length of the request or the import that makes it. Its day is marked
    first (a reader who finds an event finds its day)."""
    event = _event(write, family_id, clock.now())
    feed.mark_days(tenant, [event])
    return event


def _unlimited(write: Write) -> bool:
    """A write of a unit without a capacity: nothing counted, no waiting list (written in batches)."""
    if isinstance(write, Book):
        return write.capacity is None
    booking = write.booking
    return isinstance(write, Cancel) and booking.status == BOOKED and not booking.counted and booking.ticket is None


def _one(tenant: TenantSlug, write: Book | Cancel | MarkAbsent | Promote, event: Event) -> Loss | None:
    if isinstance(write, Book):
        assert write.capacity is not None
        failed = transact(_parts_of_booking(tenant, write.booking, write.capacity, event))
        return None if not failed else ("changed" if 1 in failed else "full")
    if isinstance(write, Promote):
        failed = transact(_parts_of_promotion(tenant, write, event))
        return None if not failed else ("full" if failed == {0} else "changed")
    if isinstance(write, Cancel):
        return "changed" if transact(_parts_of_cancel(tenant, write.booking, event)) else None
    return "changed" if transact(_parts_of_absence(tenant, write.booking, event)) else None


def _parts_of_booking(
    tenant: TenantSlug, booking: Booking, capacity: int, event: Event
) -> Callable[[TransactWrite], None]:
    """Take a place (``taken < capacity``, and nobody waiting: a freed place goes to the list first) and write
    the booking and its event together."""
    nobody_waiting = SlotRecord.waiting.does_not_exist() | (SlotRecord.waiting <= 0)

    def parts(t: TransactWrite) -> None:
        t.update(_slot(tenant, booking), actions=[SlotRecord.taken.add(1)], condition=_room(capacity) & nobody_waiting)
        t.save(_booking_item(tenant, booking), condition=BookingRecord.pk.does_not_exist())
        t.save(feed.event_item(tenant, event))

    return parts


def _wait(tenant: TenantSlug, booking: Booking, event: Event) -> tuple[int, Loss | None]:
    """The slot's next ticket, then the waiting booking with its ticket's entry and its event together; a
    ticket whose booking could not be written is marked gone, so positions never wait for it."""
    ticket = waiting.take_ticket(tenant, booking.activity_id, booking.day, booking.unit_id, int(event.at.timestamp()))
    entry = Booking(booking.child_id, booking.activity_id, booking.unit_id, booking.day, WAITING, ticket=ticket)

    def parts(t: TransactWrite) -> None:
        t.save(waiting.entry_item(tenant, entry, booking.child_id, "waiting"), condition=WaitRecord.pk.does_not_exist())
        t.save(_booking_item(tenant, entry), condition=BookingRecord.pk.does_not_exist())
        t.update(_slot(tenant, entry), actions=[SlotRecord.waiting.add(1)])
        t.save(feed.event_item(tenant, event))

    try:
        failed = transact(parts)
    except ApiError:  # unknown whether it was written: a ticket that did not wait is marked gone, if absent
        waiting.lose_ticket(tenant, entry)
        raise
    if failed:
        waiting.lose_ticket(tenant, entry)
    return ticket, "changed" if failed else None


def _parts_of_cancel(tenant: TenantSlug, booking: Booking, event: Event) -> Callable[[TransactWrite], None]:
    """Remove the booking as it was read, give back its place (if it took one) or its ticket (one child less
    waiting), and write the event, together."""
    condition = BookingRecord.status == booking.status
    if booking.ticket is not None:
        condition &= BookingRecord.ticket == booking.ticket

    def parts(t: TransactWrite) -> None:
        t.delete(_booking_key(tenant, booking), condition=condition)
        if booking.counted:
            t.update(_slot(tenant, booking), actions=[SlotRecord.taken.add(-1)])
        if booking.status == WAITING:
            t.update(_slot(tenant, booking), actions=[SlotRecord.waiting.add(-1)])
            t.update(
                waiting.entry_key(tenant, booking),
                actions=[WaitRecord.state.set("gone")],
                condition=WaitRecord.state == "waiting",
            )
            t.save(waiting.gone_item(tenant, booking))
        t.save(feed.event_item(tenant, event))

    return parts


def _parts_of_absence(tenant: TenantSlug, booking: Booking, event: Event) -> Callable[[TransactWrite], None]:
    """A booked child declared absent past the cancellation deadline: its place stays counted (the meal was
    ordered), the reason and comment are kept, with the event."""
    assert event.reason is not None, "an absence has its reason"
    actions: list[Action] = [
        BookingRecord.status.set(ABSENT),
        BookingRecord.reason.set(event.reason),
        BookingRecord.comment.set(event.comment) if event.comment else BookingRecord.comment.remove(),
    ]

    def parts(t: TransactWrite) -> None:
        t.update(_booking_key(tenant, booking), actions=actions, condition=BookingRecord.status == BOOKED)
        t.save(feed.event_item(tenant, event))

    return parts


def _parts_of_promotion(tenant: TenantSlug, write: Promote, event: Event) -> Callable[[TransactWrite], None]:
    """Give the slot's free place to this waiting booking: the place, its ticket's entry marked gone, the
    booking booked, the event and the notice its mail is owed, together."""
    booking = write.booking
    ticket = booking.ticket
    assert ticket is not None

    def parts(t: TransactWrite) -> None:
        taken: list[Action] = [SlotRecord.taken.add(1), SlotRecord.waiting.add(-1)]
        t.update(_slot(tenant, booking), actions=taken, condition=_room(write.capacity))
        t.update(
            waiting.entry_key(tenant, booking),
            actions=[WaitRecord.state.set("gone")],
            condition=WaitRecord.state == "waiting",
        )
        t.save(waiting.gone_item(tenant, booking))
        booked: list[Action] = [
            BookingRecord.status.set(BOOKED),
            BookingRecord.counted.set(True),
            BookingRecord.ticket.remove(),
        ]
        was_waiting = (BookingRecord.status == WAITING) & (BookingRecord.ticket == booking.ticket)
        t.update(_booking_key(tenant, booking), actions=booked, condition=was_waiting)
        t.save(feed.event_item(tenant, event))
        t.save(notices.item(tenant, event, ticket))

    return parts


def _in_transactions(tenant: TenantSlug, family_id: str, changes: list[Book | Cancel]) -> set[int]:
    """Write bookings of units without a capacity (or remove them), 50 to a transaction, each on its
    booking's condition; a change whose condition fails is dropped and the rest of its transaction written
    again (so two requests racing never both book or cancel a day, and the feed never lists a change that
    did not happen). The positions of the dropped ones."""
    lost: set[int] = set()
    for start in range(0, len(changes), UNLIMITED_PER_TRANSACTION):
        chunk = list(range(start, min(start + UNLIMITED_PER_TRANSACTION, len(changes))))
        while chunk:
            events = {position: _stamped(tenant, changes[position], family_id) for position in chunk}

            def items(t: TransactWrite, chunk: list[int] = chunk, events: dict[int, Event] = events) -> None:
                for position in chunk:
                    write, event = changes[position], events[position]
                    if isinstance(write, Book):
                        t.save(_booking_item(tenant, write.booking), condition=BookingRecord.pk.does_not_exist())
                    else:
                        condition = BookingRecord.status == write.booking.status
                        t.delete(_booking_key(tenant, write.booking), condition=condition)
                    t.save(feed.event_item(tenant, event))

            failed = transact(items)
            if -1 in failed:  # a transaction's failure names its parts; without them, nothing is known
                raise ServiceUnavailable("The bookings could not be written")
            refused = {chunk[part // 2] for part in failed}  # two parts a change, in the order added
            lost |= refused
            chunk = [position for position in chunk if position not in refused] if failed else []
    return lost


# --- items -------------------------------------------------------------------------------------------------

_STATUS_AFTER: dict[type[Write], EventStatus] = {
    Book: BOOKED,
    Wait: WAITING,
    Cancel: CANCELLED,
    MarkAbsent: ABSENT,
    Promote: BOOKED,
}


def _event(write: Write, family_id: str, at: datetime) -> Event:
    """The feed's event of a write: the booking's status after it, and why (an absence, a closed day)."""
    booking = write.booking
    reason: Reason | None = write.reason if isinstance(write, Cancel | MarkAbsent) else None
    comment = write.comment if isinstance(write, Cancel | MarkAbsent) else None
    return Event(
        event_id=ids.ordered_id(),
        at=at,
        child_id=booking.child_id,
        family_id=family_id,
        activity_id=booking.activity_id,
        unit_id=booking.unit_id,
        day=booking.day,
        status=_STATUS_AFTER[type(write)],
        reason=reason,
        comment=comment,
    )


def _room(capacity: int) -> Condition:
    """A slot with a place left: fewer taken than the unit's capacity (a slot never touched has them all, if
    the unit has any: a unit of capacity 0 takes nobody)."""
    fewer: Condition = SlotRecord.taken < capacity
    return SlotRecord.taken.does_not_exist() | fewer if capacity > 0 else fewer


def _slot(tenant: TenantSlug, booking: Booking) -> SlotRecord:
    return SlotRecord(slot_key(tenant, booking.activity_id, booking.day, booking.unit_id), SLOT)


def _booking_key(tenant: TenantSlug, booking: Booking) -> BookingRecord:
    return BookingRecord(
        bookings_key(tenant, booking.child_id, booking.activity_id), booking_sort(booking.day, booking.unit_id)
    )


def _booking_item(tenant: TenantSlug, booking: Booking) -> BookingRecord:
    return BookingRecord(
        bookings_key(tenant, booking.child_id, booking.activity_id),
        booking_sort(booking.day, booking.unit_id),
        gsi1pk=attendance_partition(tenant, booking.activity_id, booking.day),
        gsi1sk=f"{booking.unit_id}#{booking.child_id}",
        child_id=booking.child_id,
        activity_id=booking.activity_id,
        unit_id=booking.unit_id,
        day=booking.day.isoformat(),
        status=booking.status,
        counted=booking.counted,
        ticket=booking.ticket,
        reason=booking.reason,
        comment=booking.comment,
    )


def _booking(record: BookingRecord) -> Booking:
    return Booking(
        child_id=record.child_id,
        activity_id=record.activity_id,
        unit_id=record.unit_id,
        day=date.fromisoformat(record.day),
        status=cast(BookingStatus, record.status),
        counted=bool(record.counted),
        ticket=None if record.ticket is None else int(record.ticket),
        reason=cast(Reason | None, record.reason),
        comment=record.comment,
    )
