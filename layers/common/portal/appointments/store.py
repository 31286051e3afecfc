"""Agendas and appointments in the table.

| access pattern                              | key condition                                                 |
|---------------------------------------------|---------------------------------------------------------------|
| the tenant's agendas                        | Query pk=TENANT#{t}#AGENDAS                                   |
| an agenda's places taken, by slot           | Query pk=TENANT#{t}#AGENDASLOTS#{a}, sk between two SLOT#{start} |
| an appointment by id                        | GetItem pk=TENANT#{t}#APPOINTMENT#{id}, sk=APPOINTMENT        |
| an agenda's appointments by start           | Query FamilyIndex gsi1pk=TENANT#{t}#AGENDAAPPTS#{a}, between  |
| an account's appointments                   | Query InvoiceRefIndex gsi2pk=TENANT#{t}#ACCOUNTAPPTS#{account} |
| an account's appointments of an agenda      | GetItem pk=TENANT#{t}#APPTHOLDS#{a}#{account}, sk=HOLDS       |
| a day's appointments, every town (reminders) | Query pk=APPOINTMENTSDAY#{day}: APPT#{tenant}#{id}           |

A booking is one transaction: the slot's count of places taken, raised on its being under the agenda's
places (the only item every request for that slot writes: places are exact however many ask at once); the
account's holdings of the agenda, written on the version read (its limit is exact under parallel requests
of one account); the appointment; its line in the reminders' day. A cancellation lowers the count, takes the
appointment out of the holdings and marks it cancelled, in one transaction too.
"""

from __future__ import annotations

import json
from collections.abc import Iterable
from datetime import date, datetime, time
from typing import Any, cast

from pynamodb.attributes import NumberAttribute, UnicodeAttribute, UTCDateTimeAttribute
from pynamodb.exceptions import DoesNotExist
from pynamodb.transactions import TransactWrite

from portal.appointments import slots
from portal.appointments.model import Agenda, Appointment, Hours, Weekday
from portal.kernel import clock
from portal.kernel.ids import TenantSlug
from portal.platform import marks
from portal.platform.aws import translate_aws_errors
from portal.platform.table import Item, Parts, attributes_of, get_items, query_items, save_all, transact, value_of

AGENDA, SLOT, APPOINTMENT, HOLDS = "AGENDA#", "SLOT#", "APPOINTMENT", "HOLDS"
SLOT_TAKEN, HOLDINGS_CHANGED, AGENDA_CHANGED = 0, 1, 4  # the booking transaction's parts that may fail


def agendas_key(tenant: TenantSlug) -> str:
    return f"TENANT#{tenant}#AGENDAS"


def slots_key(tenant: TenantSlug, agenda_id: str) -> str:
    return f"TENANT#{tenant}#AGENDASLOTS#{agenda_id}"


def appointment_key(tenant: TenantSlug, appointment_id: str) -> str:
    return f"TENANT#{tenant}#APPOINTMENT#{appointment_id}"


def holds_key(tenant: TenantSlug, agenda_id: str, account_id: str) -> str:
    return f"TENANT#{tenant}#APPTHOLDS#{agenda_id}#{account_id}"


def day_key(day: date) -> str:
    return f"APPOINTMENTSDAY#{day.isoformat()}"


class AgendaRecord(Item):
    sort_prefix = AGENDA

    agenda = UnicodeAttribute()  # JSON: the agenda as published


class SlotRecord(Item):
    sort_prefix = SLOT

    taken = NumberAttribute(default=0)


class AppointmentRecord(Item):
    sort_key = APPOINTMENT

    sk = UnicodeAttribute(range_key=True, default=APPOINTMENT)
    gsi1pk = UnicodeAttribute()
    gsi1sk = UnicodeAttribute()
    gsi2pk = UnicodeAttribute(null=True)
    gsi2sk = UnicodeAttribute(null=True)
    appointment_id = UnicodeAttribute()
    agenda_id = UnicodeAttribute()
    account_id = UnicodeAttribute(null=True)
    start = UTCDateTimeAttribute()
    end = UTCDateTimeAttribute()
    status = UnicodeAttribute()
    created_at = UTCDateTimeAttribute()
    note = UnicodeAttribute(null=True)
    reason = UnicodeAttribute(null=True)
    cancelled_at = UTCDateTimeAttribute(null=True)
    civility = UnicodeAttribute(default="")
    last_name = UnicodeAttribute(default="")
    first_name = UnicodeAttribute(default="")
    email = UnicodeAttribute(default="")


class HoldsRecord(Item):
    sort_key = HOLDS

    held = UnicodeAttribute(default="{}")  # JSON: appointment id -> start (RFC 3339)
    version = NumberAttribute(default=0)


class DayRecord(Item):
    """An appointment in its Paris day, every town together: sort key ``APPT#{tenant}#{appointment_id}``."""

    sort_prefix = "APPT#"

    tenant = UnicodeAttribute()
    appointment_id = UnicodeAttribute()


# --- agendas -----------------------------------------------------------------------------------------------


def agendas(tenant: TenantSlug) -> dict[str, Agenda]:
    """The tenant's agendas (one Query: a town has a few)."""
    items = query_items((AgendaRecord,), hash_key=agendas_key(tenant))
    return {a.agenda_id: a for a in (_agenda(json.loads(r.agenda)) for r in items if isinstance(r, AgendaRecord))}


def agenda(tenant: TenantSlug, agenda_id: str) -> Agenda | None:
    with translate_aws_errors():
        try:
            record = AgendaRecord.get(agendas_key(tenant), f"{AGENDA}{agenda_id}")
        except DoesNotExist:
            return None
    return _agenda(json.loads(record.agenda))


def save_agendas(tenant: TenantSlug, published: Iterable[Agenda]) -> None:
    save_all(AgendaRecord(agendas_key(tenant), f"{AGENDA}{a.agenda_id}", agenda=_json(a)) for a in published)


# --- places and holdings -----------------------------------------------------------------------------------


def taken_between(tenant: TenantSlug, agenda_id: str, first: datetime, last: datetime) -> dict[datetime, int]:
    """The places taken of the agenda's slots starting from ``first`` to ``last`` (only slots ever booked
    have an item: one Query, bounded by the slots of the range whatever the appointments taken)."""
    items = query_items(
        (SlotRecord,),
        hash_key=slots_key(tenant, agenda_id),
        range_key_condition=SlotRecord.sk.between(_slot(first), _slot(last)),
    )
    return {datetime.fromisoformat(r.sk.removeprefix(SLOT)): int(r.taken) for r in items if isinstance(r, SlotRecord)}


def holdings(tenant: TenantSlug, agenda_id: str, account_id: str) -> tuple[dict[str, datetime], int]:
    """The account's appointments of the agenda (id -> start) as last written, and their version."""
    with translate_aws_errors():
        try:
            record = HoldsRecord.get(holds_key(tenant, agenda_id, account_id), HOLDS, consistent_read=True)
        except DoesNotExist:
            return {}, 0
    held = {k: datetime.fromisoformat(v) for k, v in json.loads(record.held).items()}
    return held, int(record.version)


# --- appointments ------------------------------------------------------------------------------------------


def book(
    tenant: TenantSlug, appointment: Appointment, agenda: Agenda, held: dict[str, datetime], version: int
) -> frozenset[int]:
    """Write a booking (see the module), on the agenda's being as read: the failed parts, ``SLOT_TAKEN`` (no
    place left), ``HOLDINGS_CHANGED`` (the account booked or cancelled meanwhile) or ``AGENDA_CHANGED`` (it
    was published again: its slot may be gone); empty: booked."""
    places = agenda.places_per_slot
    assert appointment.account_id is not None  # a booking is an account's
    slot = SlotRecord(slots_key(tenant, appointment.agenda_id), _slot(appointment.start))
    holds = _holds(
        tenant,
        appointment.agenda_id,
        appointment.account_id,
        held | {appointment.appointment_id: appointment.start},
        version + 1,
    )
    line = _day_line(tenant, appointment)
    published = agendas_key(tenant), f"{AGENDA}{agenda.agenda_id}"

    def parts(t: TransactWrite) -> None:
        t.update(
            slot,
            actions=[SlotRecord.taken.add(1)],
            condition=SlotRecord.taken.does_not_exist() | (SlotRecord.taken < places),
        )
        t.save(holds, condition=_on_version(version))
        t.save(_record(tenant, appointment), condition=AppointmentRecord.pk.does_not_exist())
        t.save(line)
        t.condition_check(AgendaRecord, *published, condition=AgendaRecord.agenda == _json(agenda))

    return transact(parts)


def cancel(
    tenant: TenantSlug, cancelled: Appointment, held: dict[str, datetime], version: int, also: Parts | None = None
) -> frozenset[int]:
    """Write a cancellation, on the appointment's being booked still and the holdings' version, with
    ``also`` (an agent's audit record): the failed parts (0: cancelled meanwhile; 1: the holdings changed);
    empty: cancelled, its place free."""
    record = _record(tenant, cancelled)
    rest = {k: v for k, v in held.items() if k != cancelled.appointment_id}
    slot = SlotRecord(slots_key(tenant, cancelled.agenda_id), _slot(cancelled.start))

    def parts(t: TransactWrite) -> None:
        t.save(record, condition=AppointmentRecord.status == "booked")
        if cancelled.account_id is not None:
            t.save(
                _holds(tenant, cancelled.agenda_id, cancelled.account_id, rest, version + 1),
                condition=_on_version(version),
            )
        t.update(slot, actions=[SlotRecord.taken.add(-1)])
        t.delete(_day_line(tenant, cancelled))  # no reminder, and the shared day holds only what is booked
        if also:
            also(t)

    return transact(parts)


def get(tenant: TenantSlug, appointment_id: str) -> Appointment | None:
    with translate_aws_errors():
        try:
            return _appointment(
                AppointmentRecord.get(appointment_key(tenant, appointment_id), APPOINTMENT, consistent_read=True)
            )
        except DoesNotExist:
            return None


def of_account(tenant: TenantSlug, account_id: str) -> list[Appointment]:
    """The account's appointments (one Query of the index's keys, then the items in BatchGetItem)."""
    keys = query_items(
        (AppointmentRecord,),
        hash_key=f"TENANT#{tenant}#ACCOUNTAPPTS#{account_id}",
        index_name="InvoiceRefIndex",
    )
    found = get_items((k.pk, APPOINTMENT) for k in keys)
    return [_appointment(AppointmentRecord.from_raw_data(raw)) for raw in found.values()]


def of_agenda(tenant: TenantSlug, agenda_id: str, first: datetime, last: datetime | None = None) -> list[Appointment]:
    """The agenda's appointments starting from ``first`` (to ``last`` if given), by start (one Query)."""
    partition = f"TENANT#{tenant}#AGENDAAPPTS#{agenda_id}"
    condition = (
        AppointmentRecord.gsi1sk.between(clock.rfc3339(first), clock.rfc3339(last) + "~")
        if last
        else AppointmentRecord.gsi1sk >= clock.rfc3339(first)
    )
    items = query_items(
        (AppointmentRecord,), hash_key=partition, range_key_condition=condition, index_name="FamilyIndex"
    )
    return [_appointment(r) for r in items if isinstance(r, AppointmentRecord)]


def of_day(day: date) -> list[tuple[TenantSlug, str]]:
    """Every town's appointments of a Paris day (the reminders'): (tenant, appointment id)."""
    items = query_items((DayRecord,), hash_key=day_key(day))
    return [(cast(TenantSlug, r.tenant), r.appointment_id) for r in items if isinstance(r, DayRecord)]


def many(tenant: TenantSlug, appointment_ids: Iterable[str]) -> list[Appointment]:
    found = get_items((appointment_key(tenant, a), APPOINTMENT) for a in appointment_ids)
    return [_appointment(AppointmentRecord.from_raw_data(raw)) for raw in found.values()]


def forget_account(tenant: TenantSlug, appointment: Appointment) -> None:
    """The account is deleted: its past appointments no longer name it (the town's list keeps who came)."""
    from portal.platform.table import write_if  # the deletion of an account only

    record = _record(tenant, appointment)
    write_if(
        lambda: record.update(
            actions=[
                AppointmentRecord.account_id.remove(),
                AppointmentRecord.gsi2pk.remove(),
                AppointmentRecord.gsi2sk.remove(),
            ]
        )
    )


def claim_mail(tenant: TenantSlug, mail_id: str) -> bool:
    return marks.claim_mail(f"TENANT#{tenant}#APPTMAIL#{mail_id}", int(clock.now().timestamp()))


def release_mail(tenant: TenantSlug, mail_id: str) -> None:
    marks.release_mail(f"TENANT#{tenant}#APPTMAIL#{mail_id}")


# --- records ------------------------------------------------------------------------------------------------


def _day_line(tenant: TenantSlug, appointment: Appointment) -> DayRecord:
    return DayRecord(
        day_key(slots.paris_day(appointment.start)),
        f"APPT#{tenant}#{appointment.appointment_id}",
        tenant=tenant,
        appointment_id=appointment.appointment_id,
    )


def _slot(start: datetime) -> str:
    return f"{SLOT}{clock.rfc3339(start)}"


def _on_version(version: int) -> Any:
    return HoldsRecord.version.does_not_exist() if version == 0 else HoldsRecord.version == version


def _holds(tenant: TenantSlug, agenda_id: str, account_id: str, held: dict[str, datetime], version: int) -> HoldsRecord:
    return HoldsRecord(
        holds_key(tenant, agenda_id, account_id),
        HOLDS,
        held=json.dumps({k: clock.rfc3339(v) for k, v in held.items()}),
        version=version,
    )


def _record(tenant: TenantSlug, a: Appointment) -> AppointmentRecord:
    position = f"{clock.rfc3339(a.start)}#{a.appointment_id}"
    return AppointmentRecord(
        appointment_key(tenant, a.appointment_id),
        APPOINTMENT,
        gsi1pk=f"TENANT#{tenant}#AGENDAAPPTS#{a.agenda_id}",
        gsi1sk=position,
        gsi2pk=f"TENANT#{tenant}#ACCOUNTAPPTS#{a.account_id}" if a.account_id else None,
        gsi2sk=position if a.account_id else None,
        **attributes_of(a),
    )


def _appointment(record: AppointmentRecord) -> Appointment:
    return value_of(Appointment, record)


def _json(a: Agenda) -> str:
    return json.dumps(
        {
            "agenda_id": a.agenda_id,
            "label": a.label,
            "place": a.place,
            "from": a.first.isoformat(),
            "to": a.last.isoformat(),
            "hours": [
                {"weekday": h.weekday, "start": h.start.isoformat("minutes"), "end": h.end.isoformat("minutes")}
                for h in a.hours
            ],
            "closed": sorted(d.isoformat() for d in a.closed),
            "slot_minutes": a.slot_minutes,
            "places_per_slot": a.places_per_slot,
            "min_notice_hours": a.min_notice_hours,
            "max_days_ahead": a.max_days_ahead,
            "cancellation_hours": a.cancellation_hours,
            "per_account": a.per_account,
        }
    )


def _agenda(d: dict[str, Any]) -> Agenda:
    return Agenda(
        agenda_id=d["agenda_id"],
        label=d["label"],
        place=d["place"],
        first=date.fromisoformat(d["from"]),
        last=date.fromisoformat(d["to"]),
        hours=tuple(
            Hours(cast(Weekday, h["weekday"]), time.fromisoformat(h["start"]), time.fromisoformat(h["end"]))
            for h in d["hours"]
        ),
        closed=frozenset(date.fromisoformat(x) for x in d["closed"]),
        slot_minutes=d["slot_minutes"],
        places_per_slot=d["places_per_slot"],
        min_notice_hours=d["min_notice_hours"],
        max_days_ahead=d["max_days_ahead"],
        cancellation_hours=d["cancellation_hours"],
        per_account=d["per_account"],
    )
