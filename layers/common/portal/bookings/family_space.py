"""Espace famille: the children an account may book for, their calendar, and booking and cancelling.

Every rule is decided here, on the server, per change, in Europe/Paris time
(``days``): open days, both deadlines, the opening moment, places and the
waiting list. Every read starts from the account's own subscriptions, so a
child of a family the account does not follow answers 404 ``child_not_found``
exactly like an unknown one; every account following a family books for its
children (two separated parents see the same bookings).

Places are exact (``store.book_within``); a place that frees goes at once to the
oldest waiting request (``free_places``), whose family's followers are told;
the account that asked gets a summary of its request. Mails leave through a
queue (``mailing``), never in the request's time.
"""

from __future__ import annotations

import time
from dataclasses import dataclass, field, replace
from datetime import date, datetime, timedelta
from typing import TYPE_CHECKING

from portal.bookings import days, mailing, store
from portal.bookings.model import (
    ABSENT,
    BOOKED,
    CANCELLED,
    CLOSED,
    WAITING,
    Activity,
    Booking,
    Change,
    Child,
    Enrolment,
    Event,
    Outcome,
    Promotion,
    Unit,
)
from portal.kernel import clock, ids
from portal.platform.errors import ActivityNotFound, ChildNotFound, FieldRejected

if TYPE_CHECKING:  # the queue consumer (closures) never authenticates: PyJWT stays out of its start-up
    from portal.accounts.sessions import Principal

MAX_DAYS = 62
MAX_CAPACITY = 10_000  # the contract's largest capacity
POSITION_WAIT_SECONDS, POSITION_TRIES = 0.02, 25


# --- what the parent sees ----------------------------------------------------------------------------


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
    status: str | None
    waiting_position: int | None
    booking_deadline: datetime
    cancellation_deadline: datetime
    bookable: bool
    cancellable: bool
    places_left: int | None


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


@dataclass(frozen=True)
class Summary:
    booked: int
    waiting: int
    cancelled: int
    unchanged: int
    refused: int


@dataclass(frozen=True)
class Result:
    results: tuple[Outcome, ...]
    summary: Summary


def children(principal: Principal, today: date) -> Children:
    """The children of the families the account follows, by family label then first name, each with its
    enrolments that have not ended (by label)."""
    tenant = principal.tenant
    families = sorted(principal.account.subscriptions)
    kids: list[Child] = []
    enrolments: list[Enrolment] = []
    for family_id in families:
        found, enrolled = store.family_children(tenant, family_id)
        kids += [kid for kid in found if kid.family_id == family_id]
        enrolments += enrolled
    from portal.billing import ledger  # the billing area, for families' labels: this list only, not at start-up

    labels = {f: family.label for f, family in ledger.families(tenant, families).items()}
    current = [e for e in enrolments if e.last >= today]
    activities = store.activities(tenant, {e.activity_id for e in current})
    views = []
    for kid in sorted(kids, key=lambda k: (labels.get(k.family_id, k.family_id), k.first_name, k.child_id)):
        own = [
            ChildActivity(
                e.activity_id, activities[e.activity_id].label, activities[e.activity_id].nature, e.first, e.last
            )
            for e in current
            if e.child_id == kid.child_id and e.activity_id in activities
        ]
        views.append(ChildView(**vars(kid), activities=tuple(sorted(own, key=lambda a: (a.label, a.activity_id)))))
    return Children(tuple(views))


def calendar(principal: Principal, child_id: str, activity_id: str, first: date, last: date) -> Calendar:
    check_range(first, last)
    _, activity, enrolment = _enrolled(principal, child_id, activity_id)
    now = clock.now()
    tenant = principal.tenant
    open_days = days.open_days(activity, enrolment, first, last)
    booked = store.bookings(tenant, child_id, activity_id, first, last) if open_days else {}
    counted = [(d, u.unit_id) for d in open_days for u in activity.units if u.capacity is not None]
    slots = store.slots(tenant, activity_id, counted)
    out = []
    for day in open_days:
        units = []
        for unit in activity.units:
            booking = booked.get((day, unit.unit_id))
            taken = slots[(day, unit.unit_id)].taken if (day, unit.unit_id) in slots else 0
            left = None if unit.capacity is None else max(0, unit.capacity - taken)
            book_by, cancel_by = days.booking_deadline(activity, day), days.cancellation_deadline(activity, day)
            active = booking is not None and booking.status in (BOOKED, WAITING)
            bookable = (
                booking is None
                and now < book_by
                and (activity.opens_at is None or now >= activity.opens_at)
                and days.within_horizon(day, now)
                and (left is None or left > 0 or activity.waiting_list)
            )
            position = _position(tenant, booking) if booking is not None and booking.status == WAITING else None
            status = booking.status if booking is not None else None
            units.append(
                UnitDay(
                    unit.unit_id,
                    unit.label,
                    unit.price_cents,
                    status,
                    position,
                    book_by,
                    cancel_by,
                    bookable,
                    active and now < cancel_by,
                    left,
                )
            )
        out.append(CalendarDay(day, tuple(units)))
    return Calendar(child_id, activity_id, first, last, tuple(out))


def check_range(first: date, last: date) -> None:
    if last < first:
        raise FieldRejected("to", "invalid_range", "to must not be before from")
    if (last - first).days + 1 > MAX_DAYS:
        raise FieldRejected("to", "range_too_long", f"At most {MAX_DAYS} days, both ends counted")


# --- booking and cancelling -------------------------------------------------------------------------------


def book(principal: Principal, child_id: str, activity_id: str, changes: list[Change]) -> Result:
    """Decide each change on its own, in the request's order; a refused one never stops the others. The
    account that asked gets the request's summary; the followers of promoted children, their places."""
    kid, activity, enrolment = _enrolled(principal, child_id, activity_id)
    for index, change in enumerate(changes):
        if activity.unit(change.unit_id) is None:
            raise FieldRejected(f"changes.{index}.unit_id", "unknown_unit", "No such unit in this activity")
    result, promotions = decide(principal.tenant, kid, activity, enrolment, changes)
    if result.summary.booked or result.summary.waiting or result.summary.cancelled:
        mailing.summary(principal.tenant, principal.account, kid, activity, list(result.results))
    mailing.promotions(principal.tenant, promotions)
    return result


def decide(
    tenant: str, kid: Child, activity: Activity, enrolment: Enrolment, changes: list[Change]
) -> tuple[Result, list[Promotion]]:
    """The changes of one child's activity, decided and written (the caller checked who may ask)."""
    now = clock.now()
    first, last = min(c.day for c in changes), max(c.day for c in changes)
    current = store.bookings(tenant, kid.child_id, activity.activity_id, first, last)
    run = _Run(tenant, kid, activity, now)
    outcomes = [run.decide(change, current.get((change.day, change.unit_id)), enrolment) for change in changes]
    lost = run.write_free()
    final = [run.settle(_unless_lost(outcome, lost)) for outcome in outcomes]
    summary = Summary(*(sum(1 for o in final if o.outcome == kind) for kind in _KINDS))
    return Result(tuple(final), summary), run.free_places()


_KINDS = ("booked", "waiting", "cancelled", "unchanged", "refused")


def _unless_lost(outcome: Outcome, lost: set[tuple[date, str]]) -> Outcome:
    """A change a rival made first (or undid) is ``unchanged``: the request did not make it."""
    if (outcome.day, outcome.unit_id) in lost and outcome.outcome in ("booked", "cancelled"):
        return Outcome(outcome.day, outcome.unit_id, "unchanged")
    return outcome


@dataclass
class _Run:
    """One request's changes: those of units without a capacity are written together at the end (50 to a
    transaction), those with one each in its own transaction; the slots whose places may have freed are
    remembered, and the request's waits for rivals' waiting tickets are counted together."""

    tenant: str
    child: Child
    activity: Activity
    now: datetime
    free: list[tuple[Booking, Event]] = field(default_factory=list)
    gone: list[tuple[Booking, Event]] = field(default_factory=list)
    freed: set[tuple[date, str]] = field(default_factory=set)
    position_tries: int = POSITION_TRIES

    def decide(self, change: Change, booking: Booking | None, enrolment: Enrolment) -> Outcome:
        activity, day = self.activity, change.day

        def refused(code: str) -> Outcome:
            return Outcome(day, change.unit_id, "refused", code)

        unit = activity.unit(change.unit_id)
        assert unit is not None
        if change.booked:
            if not days.is_open(activity, enrolment, day):
                return refused("not_open")
            if self.now >= days.booking_deadline(activity, day):
                return refused("deadline_passed")
            not_yet = activity.opens_at is not None and self.now < activity.opens_at
            if not_yet or not days.within_horizon(day, self.now):
                return refused("booking_not_open")
            if booking is not None:
                return Outcome(day, change.unit_id, "unchanged")
            if unit.capacity is not None:
                return self._book_counted(unit, day)
            made = Booking(self.child.child_id, activity.activity_id, unit.unit_id, day, BOOKED)
            self.free.append((made, self.event(made, BOOKED)))
            return Outcome(day, change.unit_id, "booked")
        if booking is None or booking.status == ABSENT:
            return Outcome(day, change.unit_id, "unchanged")
        if self.now >= days.cancellation_deadline(activity, day):
            return refused("deadline_passed")
        return self.cancel(booking)

    def cancel(self, booking: Booking, reason: str | None = None, comment: str | None = None) -> Outcome:
        """Cancel a booking or a waiting entry (its place, if it held one, goes to the waiting list)."""
        event = self.event(booking, CANCELLED, reason, comment)
        outcome = Outcome(booking.day, booking.unit_id, "cancelled")
        if booking.status == BOOKED and not booking.counted and booking.ticket is None:
            self.gone.append((booking, event))
            return outcome
        if not store.cancel(self.tenant, booking, event):
            return Outcome(booking.day, booking.unit_id, "unchanged")  # changed meanwhile (a rival cancel)
        if booking.counted:
            self.freed.add((booking.day, booking.unit_id))
        return outcome

    def _book_counted(self, unit: Unit, day: date) -> Outcome:
        assert unit.capacity is not None
        made = Booking(self.child.child_id, self.activity.activity_id, unit.unit_id, day, BOOKED, counted=True)
        taken = store.book_within(self.tenant, made, unit.capacity, self.event(made, BOOKED))
        if taken == "booked":
            return Outcome(day, unit.unit_id, "booked")
        if taken == "exists":
            return Outcome(day, unit.unit_id, "unchanged")
        if not self.activity.waiting_list:
            return Outcome(day, unit.unit_id, "refused", "full")
        ticket = store.take_ticket(self.tenant, self.activity.activity_id, day, unit.unit_id)
        waiting = replace(made, status=WAITING, counted=False, ticket=ticket)
        if not store.wait(self.tenant, waiting, self.event(waiting, WAITING), _sweep_at(day)):
            return Outcome(day, unit.unit_id, "unchanged")
        self.freed.add((day, unit.unit_id))  # a place may have freed since it was found full
        return Outcome(day, unit.unit_id, "waiting", waiting_position=ticket)  # the ticket, made a position below

    def write_free(self) -> set[tuple[date, str]]:
        """Write the changes of units without a capacity, 50 to a transaction; the (day, unit) of those a
        rival changed meanwhile (left alone: their outcome is ``unchanged``)."""
        lost: set[tuple[date, str]] = set()
        if self.free:
            lost |= store.book_free(self.tenant, self.free)
        if self.gone:
            lost |= store.cancel_free(self.tenant, self.gone)
        return lost

    def settle(self, outcome: Outcome) -> Outcome:
        """A waiting outcome's ticket becomes its position among those still waiting."""
        if outcome.outcome != "waiting" or outcome.waiting_position is None:
            return outcome
        ticket = outcome.waiting_position
        entry = Booking(
            self.child.child_id, self.activity.activity_id, outcome.unit_id, outcome.day, WAITING, ticket=ticket
        )
        return replace(outcome, waiting_position=_position(self.tenant, entry, self))

    def free_places(self) -> list[Promotion]:
        promoted: list[Promotion] = []
        for day, unit_id in sorted(self.freed):
            promoted += free_places(self.tenant, self.activity, day, unit_id, self.now)
        return promoted

    def event(self, booking: Booking, status: str, reason: str | None = None, comment: str | None = None) -> Event:
        return event_of(booking, self.child.family_id, status, self.now, reason, comment)


def event_of(
    booking: Booking, family_id: str, status: str, now: datetime, reason: str | None = None, comment: str | None = None
) -> Event:
    return Event(
        event_id=ids.ordered_id(),
        at=now,
        child_id=booking.child_id,
        family_id=family_id,
        activity_id=booking.activity_id,
        unit_id=booking.unit_id,
        day=booking.day,
        status=status,
        reason=reason,
        comment=comment,
    )


def free_places(tenant: str, activity: Activity, day: date, unit_id: str, now: datetime) -> list[Promotion]:
    """Give a slot's free places to its oldest waiting requests, once each however many promoters race."""
    unit = activity.unit(unit_id)
    if unit is None or not days.runs(activity, day):
        return []
    if now >= days.booking_deadline(activity, day):
        return []  # a waiting entry is a request to book: past the deadline none is taken
    # A unit republished without a limit: its waiting list (from when it had one) all gets places.
    capacity = unit.capacity if unit.capacity is not None else MAX_CAPACITY
    promoted: list[Promotion] = []
    for _ in range(capacity + 50):  # bounded: each turn books one or meets a rival who did
        slot = store.slot(tenant, activity.activity_id, day, unit_id)
        if slot.taken >= capacity:
            break
        head = store.first_waiting(tenant, activity.activity_id, day, unit_id)
        if head is None:
            break
        ticket, child_id = head
        kid = store.child(tenant, child_id)
        if kid is None:
            break
        waiting = Booking(child_id, activity.activity_id, unit_id, day, WAITING, ticket=ticket)
        result = store.promote(tenant, waiting, capacity, event_of(waiting, kid.family_id, BOOKED, now))
        if result == "booked":
            promoted.append(Promotion(kid, activity.label, unit.label, day))
        elif result == "full":
            break
    return promoted


def close(tenant: str, kid: Child, activity: Activity, closed: list[Booking]) -> bool:
    """Cancel a child's bookings and waiting entries of days the activity no longer runs (reason
    ``closed``); no place goes to a waiting list: the day no longer runs. False when one of them changed
    meanwhile (marked absent, cancelled by a parent) and was left as it is: read it again."""
    run = _Run(tenant, kid, activity, clock.now())
    outcomes = [run.cancel(booking, CLOSED).outcome for booking in closed]
    return not run.write_free() and "unchanged" not in outcomes


# --- absences --------------------------------------------------------------------------------------------

ABSENCE_PAST_DAYS = 7


@dataclass(frozen=True)
class DayUnit:
    day: date
    unit_id: str


@dataclass(frozen=True)
class Absence:
    """What an absence did: bookings past their cancellation deadline now absent (their place stays
    counted), bookings and waiting entries still cancellable cancelled."""

    absent: tuple[DayUnit, ...]
    cancelled: tuple[DayUnit, ...]


def declare_absence(
    principal: Principal, child_id: str, activity_id: str, first: date, last: date, reason: str, comment: str | None
) -> Absence:
    """The child will not come from ``first`` to ``last``: what can still be cancelled is (its places go to the
    waiting list at once), what cannot becomes absent with the reason, for the town to decide what to bill."""
    check_range(first, last)
    if first < clock.today() - timedelta(days=ABSENCE_PAST_DAYS):
        raise FieldRejected("from", "too_far_back", f"An absence starts at most {ABSENCE_PAST_DAYS} days ago")
    kid, activity, _ = _enrolled(principal, child_id, activity_id)
    tenant, now = principal.tenant, clock.now()
    run = _Run(tenant, kid, activity, now)
    absent, cancelled = [], []
    for (day, unit_id), found in sorted(store.bookings(tenant, child_id, activity_id, first, last).items()):
        booking: Booking | None = found
        for _ in range(2):  # changed meanwhile (a waiting entry promoted, a rival cancel): read again, once
            if booking is None or booking.status == ABSENT:
                break
            if booking.status == WAITING or now < days.cancellation_deadline(activity, day):
                if run.cancel(booking, reason, comment).outcome == "cancelled":
                    cancelled.append(DayUnit(day, unit_id))
                    break
            elif store.mark_absent(tenant, booking, run.event(booking, ABSENT, reason, comment)):
                absent.append(DayUnit(day, unit_id))
                break
            booking = store.booking(tenant, child_id, activity_id, day, unit_id)
    lost = run.write_free()
    mailing.promotions(tenant, run.free_places())
    return Absence(tuple(absent), tuple(c for c in cancelled if (c.day, c.unit_id) not in lost))


# --- plumbing ---------------------------------------------------------------------------------------------


def own_child(principal: Principal, child_id: str) -> Child:
    """The child, if it belongs to a family the account follows; else 404 child_not_found."""
    kid = store.child(principal.tenant, child_id) if ids.is_published_id(child_id) else None
    if kid is None or kid.family_id not in principal.account.subscriptions:
        raise ChildNotFound()
    return kid


def _enrolled(principal: Principal, child_id: str, activity_id: str) -> tuple[Child, Activity, Enrolment]:
    kid = own_child(principal, child_id)
    enrolled = ids.is_published_id(activity_id)
    enrolment = store.enrolment(principal.tenant, child_id, activity_id) if enrolled else None
    activity = store.activity(principal.tenant, activity_id) if enrolment is not None else None
    if enrolment is None or activity is None:
        raise ActivityNotFound()
    return kid, activity, enrolment


def _position(tenant: str, booking: Booking, run: _Run | None = None) -> int:
    """A waiting booking's position (1 = next to get a place), once every ticket before it is written, or
    the tries are spent (a request's, ``run``, are shared by all its positions, so that its waits are
    bounded)."""
    tries = run.position_tries if run is not None else POSITION_TRIES
    found, complete = store.position(tenant, booking)
    while not complete and tries > 0:
        tries -= 1
        time.sleep(POSITION_WAIT_SECONDS)  # a rival took an earlier ticket and is writing its entry
        found, complete = store.position(tenant, booking)
    if run is not None:
        run.position_tries = tries
    return found


def _sweep_at(day: date) -> int:
    return int(datetime.combine(day + timedelta(days=store.WAIT_DAYS), datetime.min.time()).timestamp())
