"""Bodies of the espace famille: its published records, the calendar, bookings, the feed, attendance."""

from __future__ import annotations

import datetime as dt
from datetime import datetime, time
from typing import Annotated, Any, Literal

from pydantic import (
    BeforeValidator,
    ConfigDict,
    Field,
    StrictBool,
    StringConstraints,
    WithJsonSchema,
    field_serializer,
    model_validator,
)

from portal.billing.schemas import ImportedAmount
from portal.bookings import checks
from portal.platform.schemas import Day, Identifier, Input, Label, Output, Query, Visible

Weekday = Literal["mon", "tue", "wed", "thu", "fri", "sat", "sun"]
RefusalCode = Literal[
    "not_open", "file_not_certified", "documents_missing", "deadline_passed", "booking_not_open", "full"
]


ClockTime = Annotated[
    time,
    BeforeValidator(checks.clock_time),
    WithJsonSchema({"type": "string", "pattern": r"^([01][0-9]|2[0-3]):[0-5][0-9]$", "examples": ["10:00"]}),
]


Moment = Annotated[datetime, BeforeValidator(checks.moment), WithJsonSchema({"type": "string", "format": "date-time"})]


# --- records published by the municipality's software --------------------------------------------------------


class ChildIn(Input):
    model_config = ConfigDict(extra="forbid", defer_build=True)

    type: Literal["child"]
    child_id: Identifier
    family_id: Identifier
    first_name: Label
    last_name: Label
    birth_date: Day
    school: Label | None = None
    class_name: Label | None = Field(default=None, alias="class")


class UnitIn(Input):
    unit_id: Identifier
    label: Label
    price: ImportedAmount | None = None
    capacity: Annotated[int, Field(ge=0, le=10_000, strict=True)] | None = None


def _one_shape(schema: dict[str, Any]) -> None:
    schema["oneOf"] = [
        {"required": ["days_before", "time", "working_days"], "not": {"required": ["weekday_before"]}},
        {
            "required": ["weekday_before", "time"],
            "not": {"anyOf": [{"required": ["days_before"]}, {"required": ["working_days"]}]},
        },
    ]


class DeadlineIn(Input):
    """``{days_before, time, working_days}``: D minus N (working) days; ``{weekday_before, time}``: that
    weekday of the week before D's week. In Europe/Paris."""

    model_config = ConfigDict(extra="forbid", defer_build=True, json_schema_extra=_one_shape)

    days_before: Annotated[int, Field(ge=0, le=60, strict=True)] | None = None
    working_days: StrictBool | None = None
    weekday_before: Weekday | None = None
    time: ClockTime

    _one_of_two = model_validator(mode="after")(checks.one_of_two)


class EnrolmentWindowIn(Input):
    """When families may ask to enrol a child (``opens_at`` included, ``closes_at`` excluded), and the birth
    dates taken (null: no bound)."""

    model_config = ConfigDict(extra="forbid", defer_build=True)

    opens_at: Moment
    closes_at: Moment
    min_birth_date: Day | None = None
    max_birth_date: Day | None = None

    _coherent = model_validator(mode="after")(checks.window_coherent)


class ActivityIn(Input):
    model_config = ConfigDict(extra="forbid", defer_build=True)

    type: Literal["activity"]
    activity_id: Identifier
    label: Label
    nature: Label
    first: Day = Field(alias="from")
    last: Day = Field(alias="to")
    weekdays: Annotated[list[Weekday], Field(max_length=7)]
    closed: Annotated[list[Day], Field(max_length=366)] = Field(default_factory=list)
    extra_days: Annotated[list[Day], Field(max_length=366)] = Field(default_factory=list)
    units: Annotated[list[UnitIn], Field(min_length=1, max_length=10)]
    booking_deadline: DeadlineIn
    cancellation_deadline: DeadlineIn | None = None
    opens_at: Moment | None = None
    waiting_list: StrictBool = False
    enrolment_requests: EnrolmentWindowIn | None = None
    requires: Annotated[list[Literal["certified_file", "documents"]], Field(max_length=2)] = Field(default_factory=list)

    _coherent = model_validator(mode="after")(checks.activity_coherent)


class EnrolmentIn(Input):
    model_config = ConfigDict(extra="forbid", defer_build=True)

    type: Literal["enrolment"]
    child_id: Identifier
    activity_id: Identifier
    first: Day = Field(alias="from")
    last: Day = Field(alias="to")

    _coherent = model_validator(mode="after")(checks.enrolment_coherent)


# --- the citizen's family space ---------------------------------------------------------------------------


class ChildActivityOut(Output):
    model_config = ConfigDict(defer_build=True, populate_by_name=True, serialize_by_alias=True)

    activity_id: str
    label: str
    nature: str
    first: dt.date = Field(serialization_alias="from")
    last: dt.date = Field(serialization_alias="to")


class ChildOut(Output):
    model_config = ConfigDict(defer_build=True, serialize_by_alias=True)

    child_id: str
    family_id: str
    first_name: str
    last_name: str
    birth_date: str
    school: str | None
    class_name: str | None = Field(serialization_alias="class")
    activities: list[ChildActivityOut]


class ChildrenList(Output):
    items: list[ChildOut]


class UnitDayOut(Output):
    unit_id: str
    label: str
    price_cents: int | None
    status: Literal["booked", "waiting", "absent"] | None
    waiting_position: int | None
    booking_deadline: datetime
    cancellation_deadline: datetime
    bookable: bool
    cancellable: bool
    places_left: int | None
    refusal: RefusalCode | None = Field(
        description="The code a booking request now would be refused with (null when bookable, booked or waiting)"
    )

    _rfc3339 = field_serializer("booking_deadline", "cancellation_deadline")(checks.moment_out)


class CalendarDayOut(Output):
    date: dt.date = Field(validation_alias="day")
    units: list[UnitDayOut]


class CalendarOut(Output):
    model_config = ConfigDict(defer_build=True, serialize_by_alias=True)

    child_id: str
    activity_id: str
    first: dt.date = Field(serialization_alias="from")
    last: dt.date = Field(serialization_alias="to")
    days: list[CalendarDayOut]


class CalendarQuery(Query):
    """The calendar's query string; unknown parameters are ignored."""

    activity_id: Identifier
    first: Day = Field(alias="from")
    last: Day = Field(alias="to")


class ChangeIn(Input):
    date: Day
    unit_id: Identifier
    booked: StrictBool


class BookingRequest(Input):
    activity_id: Identifier
    changes: Annotated[list[ChangeIn], Field(min_length=1, max_length=400)]

    _each_once = model_validator(mode="after")(checks.each_change_once)


class OutcomeOut(Output):
    date: dt.date = Field(validation_alias="day")
    unit_id: str
    outcome: Literal["booked", "waiting", "cancelled", "unchanged", "refused"]
    code: RefusalCode | None
    waiting_position: int | None


class SummaryOut(Output):
    booked: int
    waiting: int
    cancelled: int
    unchanged: int
    refused: int


class BookingResults(Output):
    results: list[OutcomeOut]
    summary: SummaryOut


class AbsenceIn(Input):
    model_config = ConfigDict(extra="forbid", defer_build=True)

    activity_id: Identifier
    first: Day = Field(alias="from")
    last: Day = Field(alias="to")
    reason: Literal["illness", "other"]
    comment: Annotated[str, Visible(500, min_length=0)] | None = None


class DayUnitOut(Output):
    date: dt.date = Field(validation_alias="day")
    unit_id: str


class AbsenceOut(Output):
    absent: list[DayUnitOut]
    cancelled: list[DayUnitOut]


# --- the municipality's side --------------------------------------------------------------------------------


class FeedQuery(Query):
    """The booking feed's query string; unknown parameters are ignored."""

    since: Moment
    cursor: Annotated[str, StringConstraints(min_length=1, max_length=2048)] | None = None


class BookingEventOut(Output):
    event_id: str
    at: datetime
    child_id: str
    family_id: str
    activity_id: str
    unit_id: str
    date: dt.date = Field(validation_alias="day")
    status: Literal["booked", "waiting", "cancelled", "absent"]
    reason: Literal["illness", "other", "closed"] | None
    comment: str | None

    _rfc3339 = field_serializer("at")(checks.moment_out)


class BookingFeed(Output):
    items: list[BookingEventOut]
    next_cursor: str | None


class AttendanceQuery(Query):
    date: Day


class AttendeeOut(Output):
    model_config = ConfigDict(defer_build=True, serialize_by_alias=True)

    child_id: str
    first_name: str
    last_name: str
    class_name: str | None = Field(serialization_alias="class")
    status: Literal["booked", "waiting", "absent"]


class AttendanceUnitOut(Output):
    unit_id: str
    label: str
    capacity: int | None
    booked: int
    waiting: int
    absent: int
    children: list[AttendeeOut]


class AttendanceOut(Output):
    activity_id: str
    date: dt.date = Field(validation_alias="day")
    units: list[AttendanceUnitOut]
