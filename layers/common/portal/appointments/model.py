"""An agenda and an appointment as values."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, time
from typing import Final, Literal

type Weekday = Literal["mon", "tue", "wed", "thu", "fri", "sat", "sun"]
type AppointmentStatus = Literal["booked", "cancelled"]

WEEKDAYS: Final[tuple[Weekday, ...]] = ("mon", "tue", "wed", "thu", "fri", "sat", "sun")
BOOKED: Final = "booked"
CANCELLED: Final = "cancelled"


@dataclass(frozen=True)
class Hours:
    weekday: Weekday
    start: time
    end: time


@dataclass(frozen=True)
class Agenda:
    agenda_id: str
    label: str
    place: str
    first: date  # "from"
    last: date  # "to"
    hours: tuple[Hours, ...]
    closed: frozenset[date]
    slot_minutes: int
    places_per_slot: int
    min_notice_hours: int
    max_days_ahead: int
    cancellation_hours: int
    per_account: int


@dataclass(frozen=True)
class Slot:
    start: datetime  # UTC
    end: datetime


@dataclass(frozen=True)
class Appointment:
    appointment_id: str
    agenda_id: str
    account_id: str | None  # None once the account is deleted (the town's list keeps the appointment)
    start: datetime
    end: datetime
    status: AppointmentStatus
    created_at: datetime
    note: str | None = None
    reason: str | None = None  # the town's, when it cancelled
    cancelled_at: datetime | None = None
    # Who booked, kept on the appointment for the town's day list (the account may be deleted since).
    civility: str = ""
    last_name: str = ""
    first_name: str = ""
    email: str = ""
