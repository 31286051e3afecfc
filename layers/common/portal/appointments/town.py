"""The town's side of appointments (admin key, or agents with ``appointments``): an agenda's day list, a
cancellation with its reason (an agent's in the audit log, in its transaction), agendas published again
(the appointments they no longer hold cancelled, each account mailed once), and today's appointments for
the agents' inbox."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date

from portal.agents import audit
from portal.agents.model import Caller
from portal.appointments import booking, mails, slots, store
from portal.appointments.model import BOOKED, Agenda, Appointment
from portal.kernel import clock, ids
from portal.kernel.ids import TenantSlug
from portal.platform.errors import AgendaNotFound, AppointmentNotFound
from portal.platform.piles import Waiting

REPUBLISHED = "Créneau retiré par la mairie"  # the reason of an appointment a new agenda no longer holds


@dataclass(frozen=True)
class DayList:
    agenda_id: str
    date: date
    items: tuple[Appointment, ...]


def day_list(tenant: TenantSlug, agenda_id: str, day: date) -> DayList:
    """The agenda's appointments of a Paris day, by start, cancelled ones included (one Query)."""
    if (store.agenda(tenant, agenda_id) if ids.is_published_id(agenda_id) else None) is None:
        raise AgendaNotFound()
    if not date.min < day < date.max:  # its bounds would not exist in UTC; no appointment is there
        return DayList(agenda_id, day, ())
    first, after = slots.day_bounds(day)
    found = [a for a in store.of_agenda(tenant, agenda_id, first, after) if a.start < after]
    return DayList(agenda_id, day, tuple(sorted(found, key=lambda a: (a.start, a.appointment_id))))


def cancel(tenant: TenantSlug, appointment_id: str, reason: str, caller: Caller) -> Appointment:
    """The town cancels an appointment, whenever (its citizen mailed once; the reason in the portal only);
    one already cancelled is answered as it is."""
    found = store.get(tenant, appointment_id) if ids.is_published_id(appointment_id) else None
    if found is None:
        raise AppointmentNotFound()
    if found.status != BOOKED:
        return found
    audited = (
        audit.part(tenant, caller.agent_id, "cancellation", f"appointment:{appointment_id}")
        if caller.agent_id
        else None
    )
    if booking.withdraw(tenant, found, reason, audited) and found.account_id:
        mails.announce(tenant, "cancelled", found.account_id, [appointment_id])
    return store.get(tenant, appointment_id) or found


def republished(tenant: TenantSlug, agendas: Iterable[Agenda]) -> int:
    """Cancel the future appointments the agendas as now published no longer hold (fewer hours, a closed
    day, other dates or slot length); each account mailed once for all of its, its mail queued before its
    cancellations (the consumer waits for them: an import failing midway leaves no cancellation unmailed,
    and the same import again cancels the rest). How many were cancelled."""
    now, cancelled = clock.now(), 0
    by_account: dict[str, list[Appointment]] = {}
    for agenda in agendas:
        for appointment in store.of_agenda(tenant, agenda.agenda_id, now):
            if appointment.status == BOOKED and slots.slot_at(agenda, appointment.start) is None:
                by_account.setdefault(appointment.account_id or "", []).append(appointment)
    for account_id, gone in sorted(by_account.items()):
        if account_id:
            mails.announce(tenant, "cancelled", account_id, [a.appointment_id for a in gone])
        cancelled += sum(booking.withdraw(tenant, a, REPUBLISHED) for a in gone)
    return cancelled


def today(tenant: TenantSlug, limit: int) -> tuple[int, list[Waiting]]:
    """Today's booked appointments (Paris) of every agenda, and the ``limit`` first (the agents' inbox)."""
    first, after = slots.day_bounds(slots.paris_day(clock.now()))
    found: list[Waiting] = []
    for agenda in store.agendas(tenant).values():
        for a in store.of_agenda(tenant, agenda.agenda_id, first, after):
            if a.status == BOOKED and a.start < after:
                start = a.start.astimezone(clock.PARIS)
                found.append(Waiting(a.appointment_id, a.start, f"{start:%H:%M} – {agenda.label}"))
    found.sort(key=lambda w: (w.since, w.object_id))
    return len(found), found[:limit]
