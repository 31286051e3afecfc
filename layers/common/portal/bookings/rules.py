"""The booking rules, decided from what was read: what a parent's change, an absence, a closed day and a
freed place do. Pure: no I/O, no clock of their own.

Each rule returns a ``Decision``: the outcome the parent is answered and the write that makes it happen
(``Book``, ``Wait``, ``Cancel``, ``MarkAbsent``, ``Promote``), or no write. The store applies the writes,
each with its condition (the booking as it was read, a place left in the slot); a write that loses its
condition is decided again with what the store then knows (``Known``): a slot found full, a booking
changed by a rival. So the rules that matter (deadlines, places, the waiting list, absences) are tested
with plain values, and the storage tests prove only what storage shows.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass, field, replace
from datetime import date, datetime
from typing import Literal

from portal.bookings import days
from portal.bookings.model import (
    ABSENT,
    BOOKED,
    WAITING,
    Activity,
    Booking,
    Change,
    Enrolment,
    FileRefusal,
    Outcome,
    Reason,
    Refusal,
    Slot,
    Unit,
)

MAX_CAPACITY = 10_000  # the contract's largest capacity: a unit republished without one takes its whole list

Day = tuple[date, str]
"""A unit on a day: (day, unit_id)."""


# --- the writes a decision asks for ------------------------------------------------------------------------


@dataclass(frozen=True)
class Book:
    """Put the booking where the child has none; with a ``capacity``, take one of the slot's places too
    (only while fewer than ``capacity`` are taken)."""

    booking: Booking
    capacity: int | None


@dataclass(frozen=True)
class Wait:
    """Put the child on the slot's waiting list: the next ticket, then the waiting booking where the child
    has none."""

    booking: Booking


@dataclass(frozen=True)
class Cancel:
    """Remove the booking as it was read, giving back its place (if it held one) or its ticket."""

    booking: Booking
    reason: Reason | None = None
    comment: str | None = None


@dataclass(frozen=True)
class MarkAbsent:
    """A booking past its cancellation deadline becomes absent with the reason; its place stays taken."""

    booking: Booking
    reason: Reason
    comment: str | None = None


@dataclass(frozen=True)
class Promote:
    """Give a free place of the slot to this waiting booking (while fewer than ``capacity`` are taken)."""

    booking: Booking
    capacity: int


type Write = Book | Wait | Cancel | MarkAbsent | Promote


@dataclass(frozen=True)
class Decision:
    outcome: Outcome
    write: Write | None = None


@dataclass
class Known:
    """What a request knows of one child's activity: its bookings as read, and the slots a write found
    without a place. A write that loses its condition updates it, and the change is decided again."""

    bookings: dict[Day, Booking]
    full: set[Day] = field(default_factory=set)
    held: FileRefusal | None = None  # the family's file keeps the child from booking (``gate``), read once

    def booking(self, day: date, unit_id: str) -> Booking | None:
        return self.bookings.get((day, unit_id))


type Loss = Literal["full", "changed"]
"""Why a write changed nothing: the slot had no place left, or the booking was not as it was read."""


@dataclass
class Applied:
    """What became of a list of writes: the lost ones by position (and why), the tickets the waits took."""

    lost: dict[int, Loss] = field(default_factory=dict)
    tickets: dict[int, int] = field(default_factory=dict)


# --- a parent's change --------------------------------------------------------------------------------------


def booking_refusal(
    activity: Activity, enrolment: Enrolment, day: date, now: datetime, held: FileRefusal | None = None
) -> Refusal | None:
    """Why booking the child on ``day`` now is refused, in the contract's order, or None: not an open day of
    the activity for this child, the family's file (``held``: not certified, a paper missing), past the
    booking deadline, before the activity opens (or beyond the booking horizon)."""
    if not days.is_open(activity, enrolment, day):
        return "not_open"
    if held is not None:
        return held
    if now >= days.booking_deadline(activity, day):
        return "deadline_passed"
    if (activity.opens_at is not None and now < activity.opens_at) or not days.within_horizon(day, now):
        return "booking_not_open"
    return None


def cancellable(activity: Activity, booking: Booking | None, now: datetime) -> bool:
    """Whether a cancellation now would be accepted: booked or waiting, before the cancellation deadline."""
    return (
        booking is not None
        and booking.status in (BOOKED, WAITING)
        and now < days.cancellation_deadline(activity, booking.day)
    )


def places_left(unit: Unit, slot: Slot | None) -> int | None:
    """A unit's places left on a day: None without a capacity, never below 0."""
    if unit.capacity is None:
        return None
    return max(0, unit.capacity - (slot.taken if slot is not None else 0))


def takes_no_booking(unit: Unit, slot: Slot) -> bool:
    """Whether a slot, as read, would refuse a booking its place: none left, or children waiting for it."""
    return places_left(unit, slot) == 0 or slot.waiting > 0


def change(
    change: Change, child_id: str, activity: Activity, enrolment: Enrolment, known: Known, now: datetime
) -> Decision:
    """One change, on its own: book (refused, unchanged, booked, or waiting when the unit is known full and
    the activity has a waiting list) or cancel (unchanged, refused past the cancellation deadline, cancelled).
    A unit whose slot is not known full is booked on the write's condition: the store refuses it when the
    last place went meanwhile, and the change comes back here with the slot known full."""
    day, unit_id = change.day, change.unit_id
    if change.booked:
        return _book(child_id, activity, enrolment, day, unit_id, known, now)
    booking = known.booking(day, unit_id)
    if booking is None or booking.status == ABSENT:
        return _unchanged(day, unit_id)
    if now >= days.cancellation_deadline(activity, day):
        return _refused(day, unit_id, "deadline_passed")
    return Decision(Outcome(day, unit_id, "cancelled"), Cancel(booking))


def _book(
    child_id: str, activity: Activity, enrolment: Enrolment, day: date, unit_id: str, known: Known, now: datetime
) -> Decision:
    refusal = booking_refusal(activity, enrolment, day, now, known.held)
    if refusal is not None:
        return _refused(day, unit_id, refusal)
    if known.booking(day, unit_id) is not None:
        return _unchanged(day, unit_id)
    unit = activity.unit(unit_id)
    assert unit is not None, "the caller checked the request's units"
    if unit.capacity is None:
        return Decision(
            Outcome(day, unit_id, "booked"), Book(Booking(child_id, activity.activity_id, unit_id, day, BOOKED), None)
        )
    if unit.capacity > 0 and (day, unit_id) not in known.full:
        counted = Booking(child_id, activity.activity_id, unit_id, day, BOOKED, counted=True)
        return Decision(Outcome(day, unit_id, "booked"), Book(counted, unit.capacity))
    if not activity.waiting_list:
        return _refused(day, unit_id, "full")
    waiting = Booking(child_id, activity.activity_id, unit_id, day, WAITING)
    return Decision(Outcome(day, unit_id, "waiting"), Wait(waiting))


def _refused(day: date, unit_id: str, code: Refusal) -> Decision:
    return Decision(Outcome(day, unit_id, "refused", code))


def _unchanged(day: date, unit_id: str) -> Decision:
    return Decision(Outcome(day, unit_id, "unchanged"))


# --- an absence, a closed day -------------------------------------------------------------------------------


def absence(activity: Activity, booking: Booking, now: datetime, reason: Reason, comment: str | None) -> Write | None:
    """What an absence does to one booking: a waiting entry, or a booking still cancellable, is cancelled
    (its place goes to the waiting list); a booking past its cancellation deadline becomes absent (the meal
    was ordered: the place stays taken); an absent one stays as it is."""
    if booking.status == ABSENT:
        return None
    if booking.status == WAITING or now < days.cancellation_deadline(activity, booking.day):
        return Cancel(booking, reason, comment)
    return MarkAbsent(booking, reason, comment)


def gives_back_a_place(write: Write) -> bool:
    """Whether applying the write may free a place for the slot's waiting list: a cancelled booking that held
    one, or a child put on the list (a place may have freed since the slot was found full)."""
    return (isinstance(write, Cancel) and write.booking.counted) or isinstance(write, Wait)


# --- the waiting list ---------------------------------------------------------------------------------------


def may_fill(activity: Activity, day: date, unit_id: str, now: datetime) -> bool:
    """Whether the slot's waiting list may take places now: not on a day the activity no longer runs, nor
    past the booking deadline (a waiting entry is a request to book)."""
    return (
        activity.unit(unit_id) is not None and days.runs(activity, day) and now < days.booking_deadline(activity, day)
    )


def capacity_of(unit: Unit) -> int:
    """The places a waiting list may fill: a unit republished without a capacity takes its whole list."""
    return unit.capacity if unit.capacity is not None else MAX_CAPACITY


def free_places(unit: Unit, slot: Slot) -> int:
    return max(0, capacity_of(unit) - slot.taken)


def promotions(activity: Activity, unit: Unit, slot: Slot, waiting: list[tuple[int, str]]) -> list[Promote]:
    """The oldest waiting children (``waiting``: (ticket, child), oldest first) who get the slot's free places
    (the caller checked ``may_fill``)."""
    return [
        Promote(
            Booking(child_id, activity.activity_id, unit.unit_id, slot.day, WAITING, ticket=ticket), capacity_of(unit)
        )
        for ticket, child_id in waiting[: free_places(unit, slot)]
    ]


def position(ticket: int, gone_before: int) -> int:
    """A waiting ticket's position (1 = next to get a place): every ticket before it waits but those gone
    (a ticket whose entry a rival is still writing waits, or is marked gone a moment later)."""
    return max(1, ticket - gone_before)


# --- deciding again what lost -------------------------------------------------------------------------------

ROUNDS = 3


@dataclass
class Settled:
    """The final decision of each item, the waiting tickets taken (by item), and the items still contested
    after the last round (their write did not happen)."""

    decisions: list[Decision]
    tickets: dict[int, int] = field(default_factory=dict)
    contested: set[int] = field(default_factory=set)


def settle(
    known: Known,
    decide: Callable[[int], Decision],
    count: int,
    apply: Callable[[list[Write]], Applied],
    reread: Callable[[date, date], Mapping[Day, Booking]],
) -> Settled:
    """Decide items ``0 .. count-1`` with ``decide`` (which reads ``known``), hand their writes to ``apply``,
    and decide again those that lost, at most ``ROUNDS`` times: a slot found full is known full, a booking
    changed meanwhile is read again with ``reread`` (first, last day). An item still contested after the last
    round is answered unchanged: a rival's change stands."""
    settled = Settled([decide(item) for item in range(count)])
    pending = list(range(count))
    for round_number in range(ROUNDS):
        writes = [(item, write) for item in pending if (write := settled.decisions[item].write) is not None]
        chosen = [item for item, _ in writes]
        applied = apply([write for _, write in writes])
        lost = {chosen[position]: loss for position, loss in applied.lost.items()}
        settled.tickets.update({chosen[p]: ticket for p, ticket in applied.tickets.items() if chosen[p] not in lost})
        if not lost:
            return settled
        pending = sorted(lost)
        if round_number == ROUNDS - 1:
            settled.contested = set(pending)
            break
        _learn(known, {item: settled.decisions[item].outcome for item in lost}, lost, reread)
        for item in pending:
            settled.decisions[item] = decide(item)
    for item in settled.contested:
        outcome = settled.decisions[item].outcome
        settled.decisions[item] = Decision(replace(outcome, outcome="unchanged", code=None, waiting_position=None))
    return settled


def _learn(
    known: Known,
    outcomes: Mapping[int, Outcome],
    lost: Mapping[int, Loss],
    reread: Callable[[date, date], Mapping[Day, Booking]],
) -> None:
    known.full |= {(outcomes[i].day, outcomes[i].unit_id) for i, loss in lost.items() if loss == "full"}
    changed = [outcomes[i].day for i, loss in lost.items() if loss == "changed"]
    if not changed:
        return
    first, last = min(changed), max(changed)
    for key in [key for key in known.bookings if first <= key[0] <= last]:
        del known.bookings[key]
    known.bookings.update(reread(first, last))
