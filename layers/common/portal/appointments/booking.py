"""What a citizen does ("Prise de rendez-vous"), with or without a family: reads the agendas and their free
slots, books one, lists its appointments, cancels one before the agenda's delay. Another account's
appointment answers 404 ``appointment_not_found`` exactly like an unknown one.

A booking is refused, in this order: not a slot (422 ``not_a_slot``), outside the booking window (422
``outside_booking_window``), the account's limit of future appointments of the agenda (409
``appointment_limit``), no place left (409 ``slot_full``). The last two are conditions of the booking's one
transaction (``store.book``): exact under any number of simultaneous requests.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from datetime import date, datetime, timedelta
from typing import TYPE_CHECKING

from portal.appointments import mails, slots, store
from portal.appointments.model import BOOKED, CANCELLED, Agenda, Appointment
from portal.kernel import clock, ids
from portal.kernel.ids import TenantSlug
from portal.platform import cursor
from portal.platform.errors import (
    AgendaNotFound,
    AppointmentLimit,
    AppointmentNotFound,
    CancellationClosed,
    FieldRejected,
    ServiceUnavailable,
    SlotFull,
)
from portal.platform.table import Parts
from portal.platform.throttle import Throttle

if TYPE_CHECKING:
    from portal.accounts.sessions import Principal

MAX_DAYS = 31  # a slots read, both ends counted
TRIES = 10  # an account's own bookings at the same moment: its holdings are written on the version read
# Booking is bounded by ``per_account``; cancelling frees it: each cycle writes, mails twice and lands in the
# reminders' day. 10 cancellations a day per account are many more than a person changing their mind makes.
CANCELS = Throttle("appointment_cancels", limit=10, window_seconds=86_400)


@dataclass(frozen=True)
class Agendas:
    items: tuple[Agenda, ...]


@dataclass(frozen=True)
class FreeSlot:
    start: datetime
    end: datetime
    places_left: int


@dataclass(frozen=True)
class FreeSlots:
    slots: tuple[FreeSlot, ...]


@dataclass(frozen=True)
class Booked:
    """An appointment as its citizen reads it (the ``AppointmentOut`` body)."""

    appointment_id: str
    agenda_id: str
    label: str
    place: str
    start: datetime
    end: datetime
    status: str
    note: str | None
    reason: str | None
    cancellable_until: datetime


@dataclass(frozen=True)
class BookedList:
    items: tuple[Booked, ...]
    next_cursor: str | None = None


def agendas(tenant: TenantSlug) -> Agendas:
    found = store.agendas(tenant).values()
    return Agendas(tuple(sorted(found, key=lambda a: (a.label, a.agenda_id))))


def free_slots(tenant: TenantSlug, agenda_id: str, first: date, last: date) -> FreeSlots:
    """The slots bookable now with a place left, from ``first`` to ``last`` (31 days at most): the slots are
    computed, the places taken read in one Query."""
    if last < first or (last - first).days >= MAX_DAYS:
        raise FieldRejected("to", "invalid_range", f"From 1 to {MAX_DAYS} days, 'to' not before 'from'")
    agenda = _agenda(tenant, agenda_id)
    now = clock.now()
    today = slots.paris_day(now)
    # Only the agenda's days within its booking window can hold a bookable slot (and no day past year 9999).
    first = max(first, agenda.first, today)
    last = min(last, agenda.last, today + timedelta(days=agenda.max_days_ahead))
    candidates = [s for s in slots.between(agenda, first, last) if slots.bookable(agenda, s, now)]
    if not candidates:
        return FreeSlots(())
    taken = store.taken_between(tenant, agenda_id, candidates[0].start, candidates[-1].start)
    free = (FreeSlot(s.start, s.end, agenda.places_per_slot - taken.get(s.start, 0)) for s in candidates)
    return FreeSlots(tuple(s for s in free if s.places_left > 0))


def book(principal: Principal, agenda_id: str, start: datetime, note: str | None) -> Booked:
    tenant, now, account = principal.tenant, clock.now(), principal.account
    appointment_id = ids.random_id()
    for _ in range(TRIES):
        agenda = _agenda(tenant, agenda_id)
        slot = slots.slot_at(agenda, start)
        if slot is None:
            raise FieldRejected("start", "not_a_slot", "Not a slot of this agenda")
        if not slots.bookable(agenda, slot, now):
            raise FieldRejected("start", "outside_booking_window", "This slot cannot be booked now")
        held, version = store.holdings(tenant, agenda_id, principal.account_id)
        future = {k: v for k, v in held.items() if v > now}
        if len(future) >= agenda.per_account or slot.start in future.values():  # one place a slot an account
            raise AppointmentLimit()
        appointment = Appointment(
            appointment_id=appointment_id,
            agenda_id=agenda_id,
            account_id=principal.account_id,
            start=slot.start,
            end=slot.end,
            status=BOOKED,
            created_at=now,
            note=note,
            civility=account.civility,
            last_name=account.last_name,
            first_name=account.first_name,
            email=account.email,
        )
        failed = store.book(tenant, appointment, agenda, future, version)
        if not failed:
            mails.announce(tenant, "booked", principal.account_id, [appointment_id])
            return _booked(agenda, appointment)
        if failed & {store.HOLDINGS_CHANGED, store.AGENDA_CHANGED}:
            continue  # the account booked or cancelled, or the agenda was published again, meanwhile: again
        raise SlotFull()
    raise ServiceUnavailable("Too many bookings of this account at once: try again", retry_after=1)


def mine(principal: Principal, limit: int | None = None, after: str | None = None) -> BookedList:
    """The account's appointments: those to come first (soonest first), then the past (latest first); a page
    of ``limit`` after the cursor ``after`` (an account holds a few: they are read and ordered whole)."""
    tenant, now = principal.tenant, clock.now()
    known = store.agendas(tenant)
    found = [a for a in store.of_account(tenant, principal.account_id) if a.agenda_id in known]
    coming = sorted((a for a in found if a.end > now), key=lambda a: (a.start, a.appointment_id))
    past = sorted((a for a in found if a.end <= now), key=lambda a: (a.start, a.appointment_id), reverse=True)
    ordered = [_booked(known[a.agenda_id], a) for a in coming + past]
    scope = f"{tenant}#{principal.account_id}#appointments"
    first = int(cursor.read(after, scope, size=1)[0]) if after else 0
    last = len(ordered) if limit is None else first + limit
    more = last < len(ordered)
    return BookedList(tuple(ordered[first:last]), cursor.make((str(last),), scope) if more else None)


def cancel(principal: Principal, appointment_id: str) -> None:
    """Cancel a booked appointment until ``cancellation_hours`` before it (the place is free at once);
    one already cancelled stays so."""
    tenant = principal.tenant
    found = store.get(tenant, appointment_id) if ids.is_published_id(appointment_id) else None
    if found is None or found.account_id != principal.account_id:
        raise AppointmentNotFound()
    if found.status == CANCELLED:
        return
    agenda = store.agenda(tenant, found.agenda_id)
    if agenda is not None and not slots.cancellable(agenda, found.start, clock.now()):
        raise CancellationClosed()
    CANCELS.take(tenant, principal.account_id)
    if withdraw(tenant, found, None):
        mails.announce(tenant, "cancelled", principal.account_id, [appointment_id])


def forget(principal: Principal) -> None:
    """The account is being deleted: its appointments to come are cancelled (the town's day list shows them
    so, with who had booked), and none names the account any more."""
    tenant, now = principal.tenant, clock.now()
    for appointment in store.of_account(tenant, principal.account_id):
        if appointment.status == BOOKED and appointment.start > now:
            withdraw(tenant, appointment, None)
        store.forget_account(tenant, appointment)


def withdraw(tenant: TenantSlug, appointment: Appointment, reason: str | None, also: Parts | None = None) -> bool:
    """Cancel a booked appointment (by its citizen, the town, a republished agenda or a deleted account):
    False when it was cancelled meanwhile."""
    cancelled = replace(appointment, status=CANCELLED, reason=reason, cancelled_at=clock.now())
    for _ in range(TRIES):
        held, version = (
            store.holdings(tenant, appointment.agenda_id, appointment.account_id) if appointment.account_id else ({}, 0)
        )
        failed = store.cancel(tenant, cancelled, held, version, also)
        if not failed:
            return True
        if 0 in failed:
            return False
    raise ServiceUnavailable("The appointment is busy: try again", retry_after=1)


def _agenda(tenant: TenantSlug, agenda_id: str) -> Agenda:
    found = store.agenda(tenant, agenda_id) if ids.is_published_id(agenda_id) else None
    if found is None:
        raise AgendaNotFound()
    return found


def _booked(agenda: Agenda, a: Appointment) -> Booked:
    return Booked(
        appointment_id=a.appointment_id,
        agenda_id=a.agenda_id,
        label=agenda.label,
        place=agenda.place,
        start=a.start,
        end=a.end,
        status=a.status,
        note=a.note,
        reason=a.reason,
        cancellable_until=a.start - timedelta(hours=agenda.cancellation_hours),
    )
