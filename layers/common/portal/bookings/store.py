"""Children, activities, enrolments, bookings, the per-slot counters and waiting lists, and the feed.

| access pattern                                | key condition                                                  |
|-----------------------------------------------|----------------------------------------------------------------|
| child by id                                   | GetItem pk=TENANT#{t}#CHILD#{c}, sk=CHILD                      |
| a child's enrolment in an activity            | GetItem pk=TENANT#{t}#CHILD#{c}, sk=ENROLMENT#{a}              |
| children of a family, with their enrolments   | Query FamilyIndex gsi1pk=TENANT#{t}#CHILDREN#{f}              |
| activity by id                                | GetItem pk=TENANT#{t}#ACTIVITY#{a}, sk=ACTIVITY               |
| a child's bookings of an activity, by day     | Query pk=TENANT#{t}#CHILD#{c}#ACTIVITY#{a}, sk BOOKING#{day}#{unit} |
| a day's list of an activity (attendance)      | Query FamilyIndex gsi1pk=TENANT#{t}#ATTEND#{a}#{day}           |
| places taken and tickets given of a slot      | GetItem pk=TENANT#{t}#SLOT#{a}#{day}#{unit}, sk=SLOT            |
| a slot's waiting list, oldest first           | Query pk=TENANT#{t}#WAIT#{a}#{day}#{unit} (sk = ticket, zero-padded) |
| the slots of an activity that had waiters     | Query FamilyIndex gsi1pk=TENANT#{t}#WAITING#{a}, gsi1sk >= {day} |
| the days that have events                     | Query pk=TENANT#{t}#FEEDDAYS, sk between {from} and {to}       |
| the feed, in order (each shard, merged)       | Query pk=TENANT#{t}#FEED#{day}#{shard}, sk > {at}#{event}      |
| a booking mail sent to an account             | PutItem pk=TENANT#{t}#BOOKINGMAIL#{mail}#{a}, sk=MAIL, if absent |

Places are exact: a booking of a unit with a capacity takes its place with a
conditional ``ADD`` on the slot's counter (``taken < capacity``) in the same
transaction as the booking item and its feed event, so a counter never
disagrees with its bookings, whatever the number of parents at once. A rush is
one hot item per slot (its own partition), never one per activity or tenant.
A waiting ticket is one ``ADD`` on the slot, and each ticket is written as an
entry of the slot's list (``waiting``, or ``gone`` once promoted, cancelled or
lost), so a position is counted from entries below it once all are there.

The feed is sharded by day and by a hash of the child (``FEED_SHARDS``
partitions a day), so 500 booking requests a second for one town never meet in
one partition; a reader merges the shards of each day in order, and reads only
the days marked as having events (a mark written once per container and day,
before the first event of that day).
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable, Iterable
from datetime import UTC, date, datetime, time
from typing import Any, cast

from pynamodb.attributes import (
    BooleanAttribute,
    ListAttribute,
    MapAttribute,
    NumberAttribute,
    UnicodeAttribute,
    UTCDateTimeAttribute,
)
from pynamodb.exceptions import DoesNotExist
from pynamodb.expressions.condition import Condition
from pynamodb.expressions.update import Action
from pynamodb.transactions import TransactWrite

from portal.bookings.model import (
    Activity,
    Booking,
    Child,
    DaysBefore,
    Deadline,
    Enrolment,
    Event,
    Slot,
    Unit,
    WeekdayBefore,
)
from portal.platform.aws import translate_aws_errors
from portal.platform.errors import ApiError, ServiceUnavailable
from portal.platform.table import FamilyIndex, Item, get_items, query_items, save_all, transact, write_if

CHILD, ACTIVITY, SLOT = "CHILD", "ACTIVITY", "SLOT"
ENROLMENT_PREFIX, BOOKING_PREFIX = "ENROLMENT#", "BOOKING#"
FEED_SHARDS = 8
WAIT_DAYS = 90  # a waiting list's entries are swept this long after their day


def child_key(tenant: str, child_id: str) -> str:
    return f"TENANT#{tenant}#CHILD#{child_id}"


def children_partition(tenant: str, family_id: str) -> str:
    return f"TENANT#{tenant}#CHILDREN#{family_id}"


def activity_key(tenant: str, activity_id: str) -> str:
    return f"TENANT#{tenant}#ACTIVITY#{activity_id}"


def bookings_key(tenant: str, child_id: str, activity_id: str) -> str:
    return f"TENANT#{tenant}#CHILD#{child_id}#ACTIVITY#{activity_id}"


def booking_sort(day: date, unit_id: str) -> str:
    return f"{BOOKING_PREFIX}{day.isoformat()}#{unit_id}"


def attendance_partition(tenant: str, activity_id: str, day: date) -> str:
    return f"TENANT#{tenant}#ATTEND#{activity_id}#{day.isoformat()}"


def slot_key(tenant: str, activity_id: str, day: date, unit_id: str) -> str:
    return f"TENANT#{tenant}#SLOT#{activity_id}#{day.isoformat()}#{unit_id}"


def wait_key(tenant: str, activity_id: str, day: date, unit_id: str) -> str:
    return f"TENANT#{tenant}#WAIT#{activity_id}#{day.isoformat()}#{unit_id}"


def waiting_partition(tenant: str, activity_id: str) -> str:
    return f"TENANT#{tenant}#WAITING#{activity_id}"


def feed_days_key(tenant: str) -> str:
    return f"TENANT#{tenant}#FEEDDAYS"


def mail_mark_key(tenant: str, mail_id: str, account_id: str) -> str:
    return f"TENANT#{tenant}#BOOKINGMAIL#{mail_id}#{account_id}"


def feed_key(tenant: str, day: date, shard: int) -> str:
    return f"TENANT#{tenant}#FEED#{day.isoformat()}#{shard}"


def feed_sort(at: datetime, event_id: str) -> str:
    """An event's place in its shard: when it happened (to the microsecond), then its id."""
    return f"{at.astimezone(UTC).strftime('%Y-%m-%dT%H:%M:%S.%fZ')}#{event_id}"


def _shard(child_id: str) -> int:
    return hashlib.sha256(child_id.encode()).digest()[0] % FEED_SHARDS


# --- items -------------------------------------------------------------------------------------------


class ChildRecord(Item):
    """A child, listed in FamilyIndex under its family's children."""

    sort_key = CHILD

    sk = UnicodeAttribute(range_key=True, default=CHILD)
    gsi1pk = UnicodeAttribute()
    gsi1sk = UnicodeAttribute()
    child_id = UnicodeAttribute()
    family_id = UnicodeAttribute()
    first_name = UnicodeAttribute()
    last_name = UnicodeAttribute()
    birth_date = UnicodeAttribute()
    school = UnicodeAttribute(null=True)
    class_name = UnicodeAttribute(null=True)
    family_index: FamilyIndex[ChildRecord] = FamilyIndex()


class EnrolmentRecord(Item):
    """A child's enrolment in an activity (in the child's partition, and beside it in FamilyIndex)."""

    sort_prefix = ENROLMENT_PREFIX

    gsi1pk = UnicodeAttribute()
    gsi1sk = UnicodeAttribute()
    child_id = UnicodeAttribute()
    activity_id = UnicodeAttribute()
    first = UnicodeAttribute()
    last = UnicodeAttribute()


class UnitAttribute(MapAttribute[str, Any]):
    unit_id = UnicodeAttribute()
    label = UnicodeAttribute()
    price_cents = NumberAttribute(null=True)
    capacity = NumberAttribute(null=True)


class DeadlineAttribute(MapAttribute[str, Any]):
    """``days_before`` (with ``working_days``) or ``weekday_before`` (0 = Monday), at ``time`` (HH:MM)."""

    days_before = NumberAttribute(null=True)
    working_days = BooleanAttribute(null=True)
    weekday_before = NumberAttribute(null=True)
    time = UnicodeAttribute()


class ActivityRecord(Item):
    sort_key = ACTIVITY

    sk = UnicodeAttribute(range_key=True, default=ACTIVITY)
    activity_id = UnicodeAttribute()
    label = UnicodeAttribute()
    nature = UnicodeAttribute()
    first = UnicodeAttribute()
    last = UnicodeAttribute()
    weekdays = ListAttribute(of=NumberAttribute, default=list)
    closed = ListAttribute(of=UnicodeAttribute, default=list)
    extra_days = ListAttribute(of=UnicodeAttribute, default=list)
    units = ListAttribute(of=UnitAttribute, default=list)
    booking_deadline = DeadlineAttribute()
    cancellation_deadline = DeadlineAttribute(null=True)
    opens_at = UTCDateTimeAttribute(null=True)
    waiting_list = BooleanAttribute(default=False)


class BookingRecord(Item):
    """A child's booking of a unit on a day (booked, waiting or absent); listed for the day's attendance.
    A cancelled booking is deleted: the feed keeps its history."""

    sort_prefix = BOOKING_PREFIX

    gsi1pk = UnicodeAttribute()
    gsi1sk = UnicodeAttribute()
    child_id = UnicodeAttribute()
    activity_id = UnicodeAttribute()
    unit_id = UnicodeAttribute()
    day = UnicodeAttribute()
    status = UnicodeAttribute()
    counted = BooleanAttribute(default=False)
    ticket = NumberAttribute(null=True)
    reason = UnicodeAttribute(null=True)
    comment = UnicodeAttribute(null=True)


class SlotRecord(Item):
    """Places taken (booked and absent) and waiting tickets given for an (activity, unit, day); listed under
    its activity's slots with waiters once it gave a ticket."""

    sort_key = SLOT

    sk = UnicodeAttribute(range_key=True, default=SLOT)
    taken = NumberAttribute(default=0)
    tickets = NumberAttribute(default=0)
    gsi1pk = UnicodeAttribute(null=True)
    gsi1sk = UnicodeAttribute(null=True)


class WaitRecord(Item):
    """A ticket of a slot's waiting list: ``waiting`` for a child, or ``gone`` (promoted, cancelled, lost)."""

    child_id = UnicodeAttribute(null=True)
    state = UnicodeAttribute()
    expires_at = NumberAttribute()

    @classmethod
    def holds(cls, sort: str) -> bool:
        return sort.isdigit()


class FeedDayRecord(Item):
    """A day (sk, YYYY-MM-DD) on which a tenant's feed has events."""

    @classmethod
    def holds(cls, sort: str) -> bool:
        return len(sort) == 10


class MailMarkRecord(Item):
    """A booking mail was sent to an account (never twice); TTL sweeps it after two weeks."""

    sort_key = "MAIL"

    sk = UnicodeAttribute(range_key=True, default="MAIL")
    expires_at = NumberAttribute()


class EventRecord(Item):
    """A booking change in the municipality's feed."""

    @classmethod
    def holds(cls, sort: str) -> bool:
        return sort[:4].isdigit()

    event_id = UnicodeAttribute()
    at = UTCDateTimeAttribute()
    child_id = UnicodeAttribute()
    family_id = UnicodeAttribute()
    activity_id = UnicodeAttribute()
    unit_id = UnicodeAttribute()
    day = UnicodeAttribute()
    status = UnicodeAttribute()
    reason = UnicodeAttribute(null=True)
    comment = UnicodeAttribute(null=True)


# --- children, activities, enrolments --------------------------------------------------------------


def child(tenant: str, child_id: str) -> Child | None:
    found = children(tenant, [child_id])
    return found.get(child_id)


def children(tenant: str, child_ids: Iterable[str]) -> dict[str, Child]:
    found = get_items((child_key(tenant, c), CHILD) for c in child_ids)
    records = (ChildRecord.from_raw_data(raw) for raw in found.values())
    return {record.child_id: _child(record) for record in records}


def family_children(tenant: str, family_id: str) -> tuple[list[Child], list[Enrolment]]:
    """A family's children and their enrolments: one Query on FamilyIndex."""
    items = query_items(
        (ChildRecord, EnrolmentRecord), hash_key=children_partition(tenant, family_id), index_name="FamilyIndex"
    )
    kids = [_child(i) for i in items if isinstance(i, ChildRecord)]
    enrolments = [_enrolment(i) for i in items if isinstance(i, EnrolmentRecord)]
    return kids, enrolments


def enrolments_of_children(tenant: str, child_ids: Iterable[str]) -> list[Enrolment]:
    """The enrolments of children (one Query of each child's partition)."""
    found: list[Enrolment] = []
    for child_id in child_ids:
        items = query_items(
            (EnrolmentRecord,),
            hash_key=child_key(tenant, child_id),
            range_key_condition=EnrolmentRecord.sk.startswith(ENROLMENT_PREFIX),
        )
        found += [_enrolment(i) for i in items if isinstance(i, EnrolmentRecord)]
    return found


def claim_mail(tenant: str, mail_id: str, account_id: str, now: int) -> bool:
    """Mark a booking mail to an account as sent; False if it was already (a redelivered message)."""
    record = MailMarkRecord(mail_mark_key(tenant, mail_id, account_id), "MAIL")
    record.expires_at = now + 14 * 86400
    return write_if(lambda: record.save(condition=MailMarkRecord.pk.does_not_exist()))


def release_mail(tenant: str, mail_id: str, account_id: str) -> None:
    """The mail could not go: let the redelivered message send it."""
    with translate_aws_errors():
        MailMarkRecord(mail_mark_key(tenant, mail_id, account_id), "MAIL").delete()


def enrolment(tenant: str, child_id: str, activity_id: str) -> Enrolment | None:
    with translate_aws_errors():
        try:
            record = EnrolmentRecord.get(child_key(tenant, child_id), f"{ENROLMENT_PREFIX}{activity_id}")
        except DoesNotExist:
            return None
    return _enrolment(record)


def enrolments_of(tenant: str, pairs: Iterable[tuple[str, str]]) -> dict[tuple[str, str], Enrolment]:
    """Enrolments by (child, activity), in BatchGetItem calls."""
    found = get_items((child_key(tenant, c), f"{ENROLMENT_PREFIX}{a}") for c, a in pairs)
    records = [EnrolmentRecord.from_raw_data(raw) for raw in found.values()]
    return {(r.child_id, r.activity_id): _enrolment(r) for r in records}


def activity(tenant: str, activity_id: str) -> Activity | None:
    return activities(tenant, [activity_id]).get(activity_id)


def activities(tenant: str, activity_ids: Iterable[str]) -> dict[str, Activity]:
    found = get_items((activity_key(tenant, a), ACTIVITY) for a in activity_ids)
    records = (ActivityRecord.from_raw_data(raw) for raw in found.values())
    return {record.activity_id: _activity(record) for record in records}


def save_children(tenant: str, published: Iterable[Child], moved: Iterable[Enrolment]) -> None:
    """Put children (upserts), and move the enrolments of those whose family changed beside them."""
    kids = {c.child_id: c for c in published}
    records: list[Item] = [_child_item(tenant, c) for c in kids.values()]
    records += [_enrolment_item(tenant, e, kids[e.child_id].family_id) for e in moved]
    save_all(records)


def save_activities(tenant: str, published: Iterable[Activity]) -> None:
    save_all([_activity_item(tenant, a) for a in published])


def save_enrolments(tenant: str, published: Iterable[tuple[Enrolment, str]]) -> None:
    """Put enrolments (upserts), each with its child's family (where FamilyIndex lists it)."""
    save_all([_enrolment_item(tenant, e, family_id) for e, family_id in published])


# --- bookings ------------------------------------------------------------------------------------


def bookings(tenant: str, child_id: str, activity_id: str, first: date, last: date) -> dict[tuple[date, str], Booking]:
    """A child's bookings of an activity from ``first`` to ``last``: one Query."""
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


def attendance(tenant: str, activity_id: str, day: date) -> list[Booking]:
    items = query_items(
        (BookingRecord,), hash_key=attendance_partition(tenant, activity_id, day), index_name="FamilyIndex"
    )
    return [_booking(i) for i in items if isinstance(i, BookingRecord)]


def slots(tenant: str, activity_id: str, wanted: Iterable[tuple[date, str]]) -> dict[tuple[date, str], Slot]:
    """Slots by (day, unit), in BatchGetItem calls (100 a call): those never touched are absent."""
    pairs = list(dict.fromkeys(wanted))
    found = get_items((slot_key(tenant, activity_id, d, u), SLOT) for d, u in pairs)
    out = {}
    for day, unit_id in pairs:
        raw = found.get((slot_key(tenant, activity_id, day, unit_id), SLOT))
        if raw is not None:
            record = SlotRecord.from_raw_data(raw)
            out[(day, unit_id)] = Slot(activity_id, unit_id, day, int(record.taken or 0), int(record.tickets or 0))
    return out


def slot(tenant: str, activity_id: str, day: date, unit_id: str) -> Slot:
    with translate_aws_errors():
        try:
            record = SlotRecord.get(slot_key(tenant, activity_id, day, unit_id), SLOT, consistent_read=True)
        except DoesNotExist:
            return Slot(activity_id, unit_id, day)
    return Slot(activity_id, unit_id, day, int(record.taken or 0), int(record.tickets or 0))


def book_within(tenant: str, booking: Booking, capacity: int, event: Event) -> str:
    """Take a place (``taken < capacity``) and write the booking and its event together: ``booked``,
    ``full`` (no place: nothing written) or ``exists`` (the child has one already: nothing written)."""
    mark_feed_days(tenant, [event])

    def items(t: TransactWrite) -> None:
        t.update(_slot(tenant, booking), actions=[SlotRecord.taken.add(1)], condition=_room(capacity))
        t.save(_booking_item(tenant, booking), condition=BookingRecord.pk.does_not_exist())
        t.save(_event_item(tenant, event))

    failed = transact(items)
    if not failed:
        return "booked"
    return "exists" if 1 in failed else "full"


def take_ticket(tenant: str, activity_id: str, day: date, unit_id: str) -> int:
    """The next waiting ticket of a slot (one ADD); the slot is listed under its activity's waiters."""
    record = SlotRecord(slot_key(tenant, activity_id, day, unit_id), SLOT)
    actions: list[Action] = [
        SlotRecord.tickets.add(1),
        SlotRecord.gsi1pk.set(waiting_partition(tenant, activity_id)),
        SlotRecord.gsi1sk.set(f"{day.isoformat()}#{unit_id}"),
    ]
    with translate_aws_errors():
        record.update(actions=actions)
    return int(record.tickets)


def wait(tenant: str, booking: Booking, event: Event, expires_at: int) -> bool:
    """Write a waiting booking with its ticket's entry and its event together; False if the child has a
    booking there already (the ticket is then marked gone, so positions never wait for it)."""
    mark_feed_days(tenant, [event])
    assert booking.ticket is not None
    entry = _wait_item(tenant, booking, expires_at, booking.child_id, "waiting")

    def items(t: TransactWrite) -> None:
        t.save(entry, condition=WaitRecord.pk.does_not_exist())
        t.save(_booking_item(tenant, booking), condition=BookingRecord.pk.does_not_exist())
        t.save(_event_item(tenant, event))

    try:
        failed = transact(items)
    except ApiError:  # unknown whether it was written: a ticket that did not wait is marked gone, if absent
        lose_ticket(tenant, booking, expires_at)
        raise
    if failed:
        lose_ticket(tenant, booking, expires_at)
    return not failed


def lose_ticket(tenant: str, booking: Booking, expires_at: int) -> None:
    """A ticket that will never wait (its booking could not be written): an entry marked gone."""
    write_if(
        lambda: _wait_item(tenant, booking, expires_at, None, "gone").save(condition=WaitRecord.pk.does_not_exist())
    )


def cancel(tenant: str, booking: Booking, event: Event) -> bool:
    """Remove a booking (booked or waiting, as it is), give back its place (if it took one) or its ticket,
    and write the event, together; False if it is not as it was (changed meanwhile)."""
    mark_feed_days(tenant, [event])
    condition = BookingRecord.status == booking.status
    if booking.ticket is not None:
        condition &= BookingRecord.ticket == booking.ticket

    def items(t: TransactWrite) -> None:
        t.delete(_booking_key(tenant, booking), condition=condition)
        if booking.counted:
            t.update(_slot(tenant, booking), actions=[SlotRecord.taken.add(-1)])
        if booking.status == "waiting":
            t.update(
                _wait_entry(tenant, booking),
                actions=[WaitRecord.state.set("gone")],
                condition=WaitRecord.state == "waiting",
            )
        t.save(_event_item(tenant, event))

    return not transact(items)


def mark_absent(tenant: str, booking: Booking, event: Event) -> bool:
    """A booked child declared absent past the cancellation deadline: its place stays counted (the meal was
    ordered), the reason and comment are kept, with the event; False if it changed meanwhile."""
    mark_feed_days(tenant, [event])
    assert event.reason is not None, "an absence has its reason"
    actions: list[Action] = [
        BookingRecord.status.set("absent"),
        BookingRecord.reason.set(event.reason),
        BookingRecord.comment.set(event.comment) if event.comment else BookingRecord.comment.remove(),
    ]

    def items(t: TransactWrite) -> None:
        t.update(_booking_key(tenant, booking), actions=actions, condition=BookingRecord.status == "booked")
        t.save(_event_item(tenant, event))

    return not transact(items)


def cancel_free(tenant: str, gone: list[tuple[Booking, Event]]) -> set[tuple[date, str]]:
    """Remove bookings of units with no capacity, each with its event, if still as they were; the (day, unit)
    of those changed meanwhile (a rival request, an absence), which were left alone."""

    def parts(t: TransactWrite, booking: Booking, event: Event) -> None:
        t.delete(_booking_key(tenant, booking), condition=BookingRecord.status == booking.status)
        t.save(_event_item(tenant, event))

    return _in_transactions(tenant, gone, parts)


def book_free(tenant: str, made: list[tuple[Booking, Event]]) -> set[tuple[date, str]]:
    """Put bookings of units with no capacity, each with its event, where the child has none yet; the
    (day, unit) of those a rival request booked meanwhile, which were left alone."""

    def parts(t: TransactWrite, booking: Booking, event: Event) -> None:
        t.save(_booking_item(tenant, booking), condition=BookingRecord.pk.does_not_exist())
        t.save(_event_item(tenant, event))

    return _in_transactions(tenant, made, parts)


FREE_PER_TRANSACTION = 50  # a booking and its event each: TransactWriteItems takes 100 items


def _in_transactions(
    tenant: str, changes: list[tuple[Booking, Event]], parts: Callable[[TransactWrite, Booking, Event], None]
) -> set[tuple[date, str]]:
    """Write changes 50 to a transaction, each its booking's condition; a change whose condition fails is
    dropped and the rest of its transaction written again (so two requests racing never both book or cancel
    a day, and the feed never lists a change that did not happen)."""
    mark_feed_days(tenant, [event for _, event in changes])
    lost: set[tuple[date, str]] = set()
    for start in range(0, len(changes), FREE_PER_TRANSACTION):
        chunk = changes[start : start + FREE_PER_TRANSACTION]
        while chunk:

            def items(t: TransactWrite, chunk: list[tuple[Booking, Event]] = chunk) -> None:
                for booking, event in chunk:
                    parts(t, booking, event)

            failed = transact(items)
            if -1 in failed:  # a transaction's failure names its parts; without them, nothing is known
                raise ServiceUnavailable("The bookings could not be written")
            refused = {position // 2 for position in failed}  # two parts a change, in the order added
            lost |= {(chunk[i][0].day, chunk[i][0].unit_id) for i in refused}
            chunk = [change for i, change in enumerate(chunk) if i not in refused] if failed else []
    return lost


def first_waiting(tenant: str, activity_id: str, day: date, unit_id: str) -> tuple[int, str] | None:
    """The oldest waiting entry of a slot: (ticket, child)."""
    for entry in _entries(tenant, activity_id, day, unit_id, below=None):
        if entry.state == "waiting" and entry.child_id:
            return int(entry.sk), entry.child_id
    return None


def position(tenant: str, booking: Booking) -> tuple[int, bool]:
    """1 + the waiting entries before this ticket, and whether every ticket before it is written yet."""
    assert booking.ticket is not None
    below = _entries(tenant, booking.activity_id, booking.day, booking.unit_id, below=booking.ticket)
    ahead = sum(1 for entry in below if entry.state == "waiting")
    return 1 + ahead, len(below) >= booking.ticket - 1


def promote(tenant: str, booking: Booking, capacity: int, event: Event) -> str:
    """Give the slot's free place to this waiting booking: ``booked``, ``full`` (no place after all) or
    ``gone`` (the booking or its ticket changed meanwhile: another promoter, a cancellation)."""
    mark_feed_days(tenant, [event])
    assert booking.ticket is not None

    def items(t: TransactWrite) -> None:
        t.update(_slot(tenant, booking), actions=[SlotRecord.taken.add(1)], condition=_room(capacity))
        t.update(
            _wait_entry(tenant, booking),
            actions=[WaitRecord.state.set("gone")],
            condition=WaitRecord.state == "waiting",
        )
        booked: list[Action] = [
            BookingRecord.status.set("booked"),
            BookingRecord.counted.set(True),
            BookingRecord.ticket.remove(),
        ]
        waiting = (BookingRecord.status == "waiting") & (BookingRecord.ticket == booking.ticket)
        t.update(_booking_key(tenant, booking), actions=booked, condition=waiting)
        t.save(_event_item(tenant, event))

    failed = transact(items)
    if not failed:
        return "booked"
    return "full" if failed == {0} else "gone"


def booking(tenant: str, child_id: str, activity_id: str, day: date, unit_id: str) -> Booking | None:
    with translate_aws_errors():
        try:
            record = BookingRecord.get(
                bookings_key(tenant, child_id, activity_id), booking_sort(day, unit_id), consistent_read=True
            )
        except DoesNotExist:
            return None
    return _booking(record)


def slots_with_waiters(tenant: str, activity_id: str, since: date) -> list[tuple[date, str]]:
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


# --- the feed ------------------------------------------------------------------------------------------

_marked: set[tuple[str, date]] = set()  # the days this container has marked (once each)


def mark_feed_days(tenant: str, events: Iterable[Event]) -> None:
    """Mark the days of events about to be written (before them: a reader who finds an event finds its day)."""
    for day in {event.at.astimezone(UTC).date() for event in events} - {d for t, d in _marked if t == tenant}:
        with translate_aws_errors():
            FeedDayRecord(feed_days_key(tenant), day.isoformat()).save()
        _marked.add((tenant, day))


def feed_days(tenant: str, first: date, last: date) -> list[date]:
    items = query_items(
        (FeedDayRecord,),
        hash_key=feed_days_key(tenant),
        range_key_condition=FeedDayRecord.sk.between(first.isoformat(), last.isoformat()),
    )
    return [date.fromisoformat(str(record.sk)) for record in items]


def events_of_day(tenant: str, day: date, after: str, until: str) -> list[tuple[str, Event]]:
    """A day's events with a position after ``after`` and up to ``until`` (feed_sort positions), every
    shard merged in order: (position, event)."""
    found: list[tuple[str, Event]] = []
    for shard in range(FEED_SHARDS):
        items = query_items(
            (EventRecord,),
            hash_key=feed_key(tenant, day, shard),
            range_key_condition=EventRecord.sk.between(after + "\x00", until),
        )
        found += [(str(record.sk), _event(record)) for record in items if isinstance(record, EventRecord)]
    return sorted(found, key=lambda pair: pair[0])


# --- plumbing --------------------------------------------------------------------------------------------


def _entries(tenant: str, activity_id: str, day: date, unit_id: str, below: int | None) -> list[WaitRecord]:
    condition: Condition | None = WaitRecord.sk < f"{below:010d}" if below is not None else None
    items = query_items(
        (WaitRecord,),
        hash_key=wait_key(tenant, activity_id, day, unit_id),
        range_key_condition=condition,
        consistent_read=True,
    )
    return [i for i in items if isinstance(i, WaitRecord)]


def _room(capacity: int) -> Condition:
    """A slot with a place left: fewer taken than the unit's capacity (a slot never touched has them all)."""
    room: Condition = SlotRecord.taken.does_not_exist() | (SlotRecord.taken < capacity)
    return room


def _slot(tenant: str, booking: Booking) -> SlotRecord:
    return SlotRecord(slot_key(tenant, booking.activity_id, booking.day, booking.unit_id), SLOT)


def _wait_entry(tenant: str, booking: Booking) -> WaitRecord:
    return WaitRecord(wait_key(tenant, booking.activity_id, booking.day, booking.unit_id), f"{booking.ticket:010d}")


def _wait_item(tenant: str, booking: Booking, expires_at: int, child_id: str | None, state: str) -> WaitRecord:
    record = _wait_entry(tenant, booking)
    record.child_id, record.state, record.expires_at = child_id, state, expires_at
    return record


def _booking_key(tenant: str, booking: Booking) -> BookingRecord:
    return BookingRecord(
        bookings_key(tenant, booking.child_id, booking.activity_id), booking_sort(booking.day, booking.unit_id)
    )


def _booking_item(tenant: str, booking: Booking) -> BookingRecord:
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


def _event_item(tenant: str, event: Event) -> EventRecord:
    return EventRecord(
        feed_key(tenant, event.at.astimezone(UTC).date(), _shard(event.child_id)),
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


def _child_item(tenant: str, kid: Child) -> ChildRecord:
    return ChildRecord(
        child_key(tenant, kid.child_id),
        CHILD,
        gsi1pk=children_partition(tenant, kid.family_id),
        gsi1sk=f"{CHILD}#{kid.child_id}",
        child_id=kid.child_id,
        family_id=kid.family_id,
        first_name=kid.first_name,
        last_name=kid.last_name,
        birth_date=kid.birth_date,
        school=kid.school,
        class_name=kid.class_name,
    )


def _enrolment_item(tenant: str, enrolment: Enrolment, family_id: str) -> EnrolmentRecord:
    return EnrolmentRecord(
        child_key(tenant, enrolment.child_id),
        f"{ENROLMENT_PREFIX}{enrolment.activity_id}",
        gsi1pk=children_partition(tenant, family_id),
        gsi1sk=f"{CHILD}#{enrolment.child_id}#{ENROLMENT_PREFIX}{enrolment.activity_id}",
        child_id=enrolment.child_id,
        activity_id=enrolment.activity_id,
        first=enrolment.first.isoformat(),
        last=enrolment.last.isoformat(),
    )


def _activity_item(tenant: str, published: Activity) -> ActivityRecord:
    return ActivityRecord(
        activity_key(tenant, published.activity_id),
        ACTIVITY,
        activity_id=published.activity_id,
        label=published.label,
        nature=published.nature,
        first=published.first.isoformat(),
        last=published.last.isoformat(),
        weekdays=sorted(published.weekdays),
        closed=sorted(d.isoformat() for d in published.closed),
        extra_days=sorted(d.isoformat() for d in published.extra_days),
        units=[
            UnitAttribute(unit_id=u.unit_id, label=u.label, price_cents=u.price_cents, capacity=u.capacity)
            for u in published.units
        ],
        booking_deadline=_deadline_attribute(published.booking_deadline),
        cancellation_deadline=_deadline_attribute(published.cancellation_deadline),
        opens_at=published.opens_at,
        waiting_list=published.waiting_list,
    )


def _deadline_attribute(rule: Deadline | None) -> DeadlineAttribute | None:
    if rule is None:
        return None
    at = rule.at.strftime("%H:%M")
    if isinstance(rule, WeekdayBefore):
        return DeadlineAttribute(weekday_before=rule.weekday, time=at)
    return DeadlineAttribute(days_before=rule.days, working_days=rule.working_days, time=at)


def _deadline(attribute: Any) -> Deadline | None:
    if attribute is None:
        return None
    at = time.fromisoformat(attribute.time)
    if attribute.weekday_before is not None:
        return WeekdayBefore(int(attribute.weekday_before), at)
    return DaysBefore(int(attribute.days_before), at, bool(attribute.working_days))


def _child(record: ChildRecord) -> Child:
    return Child(
        child_id=record.child_id,
        family_id=record.family_id,
        first_name=record.first_name,
        last_name=record.last_name,
        birth_date=record.birth_date,
        school=record.school,
        class_name=record.class_name,
    )


def _enrolment(record: EnrolmentRecord) -> Enrolment:
    return Enrolment(
        record.child_id, record.activity_id, date.fromisoformat(record.first), date.fromisoformat(record.last)
    )


def _activity(record: ActivityRecord) -> Activity:
    rule = _deadline(record.booking_deadline)
    assert rule is not None
    return Activity(
        activity_id=record.activity_id,
        label=record.label,
        nature=record.nature,
        first=date.fromisoformat(record.first),
        last=date.fromisoformat(record.last),
        weekdays=frozenset(int(d) for d in cast(list[Any], record.weekdays or [])),
        closed=frozenset(date.fromisoformat(d) for d in cast(list[str], record.closed or [])),
        extra_days=frozenset(date.fromisoformat(d) for d in cast(list[str], record.extra_days or [])),
        units=tuple(
            Unit(
                u.unit_id,
                u.label,
                None if u.price_cents is None else int(u.price_cents),
                None if u.capacity is None else int(u.capacity),
            )
            for u in record.units or []
        ),
        booking_deadline=rule,
        cancellation_deadline=_deadline(record.cancellation_deadline),
        opens_at=record.opens_at,
        waiting_list=bool(record.waiting_list),
    )


def _booking(record: BookingRecord) -> Booking:
    return Booking(
        child_id=record.child_id,
        activity_id=record.activity_id,
        unit_id=record.unit_id,
        day=date.fromisoformat(record.day),
        status=record.status,
        counted=bool(record.counted),
        ticket=None if record.ticket is None else int(record.ticket),
        reason=record.reason,
        comment=record.comment,
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
        status=record.status,
        reason=record.reason,
        comment=record.comment,
    )
