"""Bodies of appointments: the town's agendas (an import record), their free slots, a booking, the
citizen's appointments and the town's day list."""

from __future__ import annotations

import datetime as dt
from datetime import datetime
from typing import Annotated, Literal

from pydantic import ConfigDict, Field, StringConstraints, field_serializer, model_validator

from portal.appointments import checks
from portal.bookings.schemas import Moment
from portal.platform import checks as platform_checks
from portal.platform.schemas import Day, Identifier, Input, Label, Output, Query, Typed

ClockTime = Annotated[str, StringConstraints(pattern=r"^([01][0-9]|2[0-3]):[0-5][0-9]$")]
Count = Annotated[int, Field(ge=0, le=10_000, strict=True)]


class HoursIn(Input):
    model_config = ConfigDict(extra="forbid", defer_build=True)

    weekday: Literal["mon", "tue", "wed", "thu", "fri", "sat", "sun"]
    start: ClockTime
    end: ClockTime

    _coherent = model_validator(mode="after")(checks.hours_coherent)


class AgendaIn(Input):
    """An ``agenda`` record of an import: published again, it replaces the earlier one."""

    model_config = ConfigDict(extra="forbid", defer_build=True, populate_by_name=True)

    type: Literal["agenda"]
    agenda_id: Identifier
    label: Label
    place: Label
    first: Day = Field(alias="from")
    last: Day = Field(alias="to")
    hours: Annotated[list[HoursIn], Field(max_length=70)]
    closed: Annotated[list[Day], Field(max_length=400)] = Field(default_factory=list)
    slot_minutes: Annotated[int, Field(ge=5, le=480, strict=True)]
    places_per_slot: Annotated[int, Field(ge=1, le=1_000, strict=True)]
    min_notice_hours: Count = 0
    max_days_ahead: Annotated[int, Field(ge=1, le=730, strict=True)] = 60
    cancellation_hours: Count = 0
    per_account: Annotated[int, Field(ge=1, le=100, strict=True)] = 1

    _coherent = model_validator(mode="after")(checks.agenda_coherent)


class AgendaOut(Output):
    agenda_id: str
    label: str
    place: str
    slot_minutes: int


class AgendaList(Output):
    items: list[AgendaOut]


class TownAgendaOut(AgendaOut):
    model_config = ConfigDict(defer_build=True, populate_by_name=True, serialize_by_alias=True)

    first: dt.date = Field(serialization_alias="from")
    last: dt.date = Field(serialization_alias="to")
    places_per_slot: int
    per_account: int


class TownAgendaList(Output):
    items: list[TownAgendaOut]


class SlotsQuery(Query):
    first: Day = Field(alias="from")
    last: Day = Field(alias="to")


class FreeSlotOut(Output):
    start: datetime
    end: datetime
    places_left: int

    _rfc3339 = field_serializer("start", "end")(platform_checks.moment_or_null)


class FreeSlotsOut(Output):
    slots: list[FreeSlotOut]


class BookingIn(Input):
    model_config = ConfigDict(extra="forbid", defer_build=True)

    agenda_id: Identifier
    start: Moment
    note: Annotated[str, Typed(500)] | None = None


class AppointmentOut(Output):
    appointment_id: str
    agenda_id: str
    label: str
    place: str
    start: datetime
    end: datetime
    status: Literal["booked", "cancelled"]
    note: str | None
    reason: str | None
    cancellable_until: datetime

    _rfc3339 = field_serializer("start", "end", "cancellable_until")(platform_checks.moment_or_null)


class AppointmentList(Output):
    items: list[AppointmentOut]
    next_cursor: str | None


class AppointmentsQuery(Query):
    """The query string of « Mes rendez-vous »; unknown parameters are ignored."""

    limit: Annotated[int, Field(ge=1, le=100)] = 20
    cursor: Annotated[str, StringConstraints(min_length=1, max_length=2048)] | None = None


class DayQuery(Query):
    date: Day


class TownAppointmentOut(Output):
    appointment_id: str
    start: datetime
    end: datetime
    civility: str
    last_name: str
    first_name: str
    email: str
    note: str | None
    status: Literal["booked", "cancelled"]
    reason: str | None

    _rfc3339 = field_serializer("start", "end")(platform_checks.moment_or_null)


class DayListOut(Output):
    agenda_id: str
    date: dt.date
    items: list[TownAppointmentOut]


class CancellationIn(Input):
    model_config = ConfigDict(extra="forbid", defer_build=True)

    reason: Annotated[str, Typed(500)]
