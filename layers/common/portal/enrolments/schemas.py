"""Bodies of enrolment requests: the activities a child may be enrolled in now, and a parent's request."""

from __future__ import annotations

import datetime as dt
from datetime import datetime
from typing import Annotated, Literal

from pydantic import ConfigDict, Field, field_serializer

from portal.platform import checks as platform_checks
from portal.platform.schemas import Day, Identifier, Input, Output, Typed


class EnrolmentRequestIn(Input):
    model_config = ConfigDict(extra="forbid", defer_build=True)

    activity_id: Identifier
    first: Day = Field(alias="from")
    comment: Annotated[str, Typed(500)] | None = None


class OpenActivityOut(Output):
    model_config = ConfigDict(defer_build=True, populate_by_name=True, serialize_by_alias=True)

    activity_id: str
    label: str
    nature: str
    first: dt.date = Field(serialization_alias="from")
    last: dt.date = Field(serialization_alias="to")
    closes_at: datetime
    required_document_type_ids: list[str]
    status: Literal["enrolled", "requested"] | None

    _rfc3339 = field_serializer("closes_at")(platform_checks.moment_or_null)


class OpenActivitiesOut(Output):
    items: list[OpenActivityOut]
