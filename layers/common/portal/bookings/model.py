"""The espace famille's values: children, activities and their units, enrolments, bookings.

Days are ``date`` values; moments timezone-aware datetimes; money integer cents. An activity's open
days and deadlines are computed by ``days`` (pure rules), never stored.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime, time
from typing import Final, Literal

WEEKDAYS = ("mon", "tue", "wed", "thu", "fri", "sat", "sun")

type BookingStatus = Literal["booked", "waiting", "absent"]
"""What a stored booking is: a place (booked), a waiting entry, or a place kept for an absent child."""
type EventStatus = Literal["booked", "waiting", "cancelled", "absent"]
"""A booking after a change, as the feed lists it (a cancelled booking is no longer stored)."""
type Reason = Literal["illness", "other", "closed"]
"""Why: an absence's (illness, other) or the town closing the day."""
type OutcomeKind = Literal["booked", "waiting", "cancelled", "unchanged", "refused"]
"""What became of one change a parent asked for."""
type FileRefusal = Literal["file_not_certified", "documents_missing"]
"""Why the family's file keeps a child of an activity that ``requires`` it from being booked (v1.3)."""
type Refusal = Literal[
    "not_open", "file_not_certified", "documents_missing", "deadline_passed", "booking_not_open", "full"
]
"""Why a change was refused (the contract's codes, in the order they are checked)."""
type Requirement = Literal["certified_file", "documents"]
"""What an activity requires of the family before a booking (v1.3)."""

BOOKED: Final = "booked"
WAITING: Final = "waiting"
ABSENT: Final = "absent"
CANCELLED: Final = "cancelled"
ILLNESS: Final = "illness"
OTHER: Final = "other"
CLOSED: Final = "closed"


@dataclass(frozen=True)
class Child:
    child_id: str
    family_id: str
    first_name: str
    last_name: str
    birth_date: str
    school: str | None
    class_name: str | None


@dataclass(frozen=True)
class Unit:
    """What can be booked on an open day (a meal, a morning, an evening, a day). ``capacity``: places a
    day (None: no limit); ``price_cents``: shown to the parent (None: not shown)."""

    unit_id: str
    label: str
    price_cents: int | None
    capacity: int | None


@dataclass(frozen=True)
class DaysBefore:
    """Day D minus ``days`` days (working days when ``working_days``), at ``at`` (Europe/Paris)."""

    days: int
    at: time
    working_days: bool


@dataclass(frozen=True)
class WeekdayBefore:
    """That weekday (0 = Monday) of the week before D's week, at ``at`` (Europe/Paris)."""

    weekday: int
    at: time


Deadline = DaysBefore | WeekdayBefore


@dataclass(frozen=True)
class EnrolmentWindow:
    """When a family may ask to enrol a child (``opens_at`` included, ``closes_at`` excluded), and the birth
    dates it takes (None: no bound)."""

    opens_at: datetime
    closes_at: datetime
    min_birth_date: date | None = None
    max_birth_date: date | None = None


@dataclass(frozen=True)
class Activity:
    """An activity as published. Open days: from ``first`` to ``last`` whose weekday is in ``weekdays``
    (0 = Monday), minus ``closed``, plus ``extra_days`` (inside the dates)."""

    activity_id: str
    label: str
    nature: str
    first: date
    last: date
    weekdays: frozenset[int]
    closed: frozenset[date]
    extra_days: frozenset[date]
    units: tuple[Unit, ...]
    booking_deadline: Deadline
    cancellation_deadline: Deadline | None
    opens_at: datetime | None
    waiting_list: bool
    enrolment_requests: EnrolmentWindow | None = None
    requires: frozenset[Requirement] = frozenset()
    stored_at: float | None = field(default=None, compare=False)  # when the table took it (epoch seconds)

    def unit(self, unit_id: str) -> Unit | None:
        return next((unit for unit in self.units if unit.unit_id == unit_id), None)


@dataclass(frozen=True)
class Enrolment:
    child_id: str
    activity_id: str
    first: date
    last: date


@dataclass(frozen=True)
class Booking:
    """A child's booking of a unit on a day. ``status``: booked, waiting (``ticket``: its place in the
    unit's waiting list of that day, oldest first), absent (with ``reason``, ``comment``)."""

    child_id: str
    activity_id: str
    unit_id: str
    day: date
    status: BookingStatus
    counted: bool = False  # it holds one of the unit's places (booked or absent, on a unit with a capacity)
    ticket: int | None = None
    reason: Reason | None = None
    comment: str | None = None


@dataclass(frozen=True)
class Slot:
    """An (activity, unit, day)'s count of places taken (booked and absent), of waiting tickets given and of
    children still waiting."""

    activity_id: str
    unit_id: str
    day: date
    taken: int = 0
    tickets: int = 0
    waiting: int = 0


@dataclass(frozen=True)
class Change:
    """One change a parent asks for: book (``booked``) or cancel a unit on a day."""

    day: date
    unit_id: str
    booked: bool


@dataclass(frozen=True)
class Outcome:
    """What became of one change: booked, waiting (with its position), cancelled, unchanged or refused (with
    its code)."""

    day: date
    unit_id: str
    outcome: OutcomeKind
    code: Refusal | None = None
    waiting_position: int | None = None


@dataclass(frozen=True)
class Event:
    """A change of a booking, for the municipality's feed: ``status`` after it, and why (absences, closures)."""

    event_id: str
    at: datetime
    child_id: str
    family_id: str
    activity_id: str
    unit_id: str
    day: date
    status: EventStatus
    reason: Reason | None = None
    comment: str | None = None


@dataclass(frozen=True)
class Promotion:
    """A place obtained from the waiting list: whose family to tell, and what."""

    child: Child
    activity_id: str
    unit_id: str
    day: date
    ticket: int  # the waiting ticket the child held: with the slot, its notice's key


@dataclass(frozen=True)
class Request:
    """What one booking request did, for the summary mail: the child, the activity, each outcome."""

    child: Child
    activity: Activity
    outcomes: tuple[Outcome, ...] = field(default_factory=tuple)
