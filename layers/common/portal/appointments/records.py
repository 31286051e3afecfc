"""The ``agenda`` records of an import: stored (a later one replaces the earlier), then the future
appointments the agendas as now published no longer hold are cancelled (``town.republished``)."""

from __future__ import annotations

from datetime import date, time

from portal.appointments import store, town
from portal.appointments.bodies import AgendaIn
from portal.appointments.model import Agenda, Hours
from portal.platform.imports import Batch, ImportRun


def agendas(run: ImportRun, batch: Batch) -> None:
    accepted: list[AgendaIn] = run.settle(batch, lambda _, __: None)
    published = [_agenda(r) for r in accepted]
    store.save_agendas(run.tenant, published)
    town.republished(run.tenant, published)


def _agenda(r: AgendaIn) -> Agenda:
    return Agenda(
        agenda_id=r.agenda_id,
        label=r.label,
        place=r.place,
        first=r.first,
        last=r.last,
        hours=tuple(Hours(h.weekday, time.fromisoformat(h.start), time.fromisoformat(h.end)) for h in r.hours),
        closed=frozenset(date.fromisoformat(str(d)) for d in r.closed),
        slot_minutes=r.slot_minutes,
        places_per_slot=r.places_per_slot,
        min_notice_hours=r.min_notice_hours,
        max_days_ahead=r.max_days_ahead,
        cancellation_hours=r.cancellation_hours,
        per_account=r.per_account,
    )
