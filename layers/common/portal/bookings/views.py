"""What a parent sees: the children of the families the account follows, and a child's booking calendar.

The calendar says, for each open day and unit, what the child has and what a request now would do: the
same rules as a booking request (``rules``), in Europe/Paris time (``days``).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime
from typing import TYPE_CHECKING

from portal.bookings import access, days, rules, waiting_list
from portal.bookings.model import (
    WAITING,
    Activity,
    Booking,
    BookingStatus,
    Child,
    Enrolment,
    FileRefusal,
    Refusal,
    Slot,
    Unit,
)
from portal.bookings.store import places, published
from portal.kernel import clock
from portal.platform.errors import FieldRejected

if TYPE_CHECKING:
    from portal.accounts.sessions import Principal

MAX_DAYS = 62


@dataclass(frozen=True)
class ChildActivity:
    activity_id: str
    label: str
    nature: str
    first: date
    last: date


@dataclass(frozen=True)
class ChildView:
    """A child with its current enrolments (the ``ChildOut`` body)."""

    child_id: str
    family_id: str
    first_name: str
    last_name: str
    birth_date: str
    school: str | None
    class_name: str | None
    activities: tuple[ChildActivity, ...]


@dataclass(frozen=True)
class Children:
    items: tuple[ChildView, ...]


@dataclass(frozen=True)
class UnitDay:
    """A unit on an open day as the calendar shows it (the ``UnitDayOut`` body)."""

    unit_id: str
    label: str
    price_cents: int | None
    status: BookingStatus | None
    waiting_position: int | None
    booking_deadline: datetime
    cancellation_deadline: datetime
    bookable: bool
    cancellable: bool
    places_left: int | None
    refusal: Refusal | None  # the code a booking now would be refused with (not booked nor waiting)


@dataclass(frozen=True)
class CalendarDay:
    day: date
    units: tuple[UnitDay, ...]


@dataclass(frozen=True)
class Calendar:
    child_id: str
    activity_id: str
    first: date
    last: date
    days: tuple[CalendarDay, ...]


def children(principal: Principal, today: date) -> Children:
    """The children of the families the account follows, by family label then first name, each with its
    enrolments that have not ended (by label)."""
    tenant = principal.tenant
    families = sorted(principal.account.subscriptions)
    kids: list[Child] = []
    enrolments: list[Enrolment] = []
    for family_id in families:
        found, enrolled = published.family_children(tenant, family_id)
        kids += [kid for kid in found if kid.family_id == family_id]
        enrolments += enrolled
    from portal.billing import ledger  # the billing area, for families' labels: this list only, not at start-up

    labels = {f: family.label for f, family in ledger.families(tenant, families).items()}
    current = [e for e in enrolments if e.last >= today]
    activities = published.activities(tenant, {e.activity_id for e in current})
    ordered = sorted(kids, key=lambda k: (labels.get(k.family_id, k.family_id), k.first_name, k.child_id))
    return Children(tuple(_child_view(kid, current, activities) for kid in ordered))


def _child_view(kid: Child, current: list[Enrolment], activities: dict[str, Activity]) -> ChildView:
    own = [
        ChildActivity(e.activity_id, activities[e.activity_id].label, activities[e.activity_id].nature, e.first, e.last)
        for e in current
        if e.child_id == kid.child_id and e.activity_id in activities
    ]
    return ChildView(**vars(kid), activities=tuple(sorted(own, key=lambda a: (a.label, a.activity_id))))


def calendar(
    principal: Principal, child_id: str, activity_id: str, first: date, last: date, gate: access.Gate | None = None
) -> Calendar:
    """The child's open days of the activity from ``first`` to ``last``, each unit with its status, deadlines,
    places left and whether it can be booked or cancelled now (and if not, why). ``gate``: what the family's
    file says of an activity that ``requires`` it, asked once for the whole calendar."""
    check_range(first, last)
    kid, activity, enrolment = access.enrolled(principal, child_id, activity_id)
    now, tenant = clock.now(), principal.tenant
    open_days = days.open_days(activity, enrolment, first, last)
    held = gate(tenant, kid, activity) if gate is not None and activity.requires and open_days else None
    booked = places.bookings(tenant, child_id, activity_id, first, last) if open_days else {}
    counted = [(d, u.unit_id) for d in open_days for u in activity.units if u.capacity is not None]
    slots = places.slots(tenant, activity_id, counted)

    def unit_day(day: date, unit: Unit) -> UnitDay:
        booking = booked.get((day, unit.unit_id))
        position = waiting_list.position(tenant, booking) if booking and booking.status == WAITING else None
        return _unit_day(activity, enrolment, unit, day, booking, slots.get((day, unit.unit_id)), position, now, held)

    out = tuple(CalendarDay(day, tuple(unit_day(day, unit) for unit in activity.units)) for day in open_days)
    return Calendar(child_id, activity_id, first, last, out)


def _unit_day(
    activity: Activity,
    enrolment: Enrolment,
    unit: Unit,
    day: date,
    booking: Booking | None,
    slot: Slot | None,
    position: int | None,
    now: datetime,
    held: FileRefusal | None,
) -> UnitDay:
    """One unit on one open day: what the child has, and what a request now would do with it."""
    left = rules.places_left(unit, slot)
    refusal = rules.booking_refusal(activity, enrolment, day, now, held) if booking is None else None
    if booking is None and refusal is None and left == 0 and not activity.waiting_list:
        refusal = "full"
    return UnitDay(
        unit_id=unit.unit_id,
        label=unit.label,
        price_cents=unit.price_cents,
        status=booking.status if booking is not None else None,
        waiting_position=position,
        booking_deadline=days.booking_deadline(activity, day),
        cancellation_deadline=days.cancellation_deadline(activity, day),
        bookable=booking is None and refusal is None,
        cancellable=rules.cancellable(activity, booking, now),
        places_left=left,
        refusal=refusal,
    )


def check_range(first: date, last: date) -> None:
    if last < first:
        raise FieldRejected("to", "invalid_range", "to must not be before from")
    if (last - first).days + 1 > MAX_DAYS:
        raise FieldRejected("to", "range_too_long", f"At most {MAX_DAYS} days, both ends counted")
