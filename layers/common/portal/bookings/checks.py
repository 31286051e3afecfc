"""Checks of the espace famille's bodies, free of pydantic (see ``portal.platform.checks``)."""

from __future__ import annotations

from datetime import datetime, time
from typing import Any

from portal.kernel.clock import rfc3339
from portal.platform.engine import PydanticCustomError


def clock_time(value: object) -> time:
    if not isinstance(value, str) or len(value) != 5 or value[2] != ":":
        raise PydanticCustomError("invalid_time", "A time as HH:MM")
    try:
        return time.fromisoformat(value)
    except ValueError:
        raise PydanticCustomError("invalid_time", "Not a time of day") from None


def moment(value: object) -> datetime:
    if not isinstance(value, str):
        raise PydanticCustomError("invalid_datetime", "A moment as RFC 3339, e.g. 2026-12-01T08:00:00Z")
    try:
        found = datetime.fromisoformat(value)
    except ValueError:
        raise PydanticCustomError("invalid_datetime", "A moment as RFC 3339, e.g. 2026-12-01T08:00:00Z") from None
    if found.tzinfo is None:
        raise PydanticCustomError("invalid_datetime", "The moment needs its offset (Z or +01:00)")
    return found


def moment_out(self: object, value: datetime) -> str:
    """A moment of an answer in RFC 3339 (UTC, "Z"); a field serializer (it gets the body as ``self``)."""
    return rfc3339(value)


def one_of_two(rule: Any) -> Any:
    """A rule of DeadlineIn across its fields (pydantic-core calls it with the validated body)."""
    counted = rule.days_before is not None and rule.working_days is not None
    if (rule.weekday_before is None) != counted or (counted and rule.weekday_before is not None):
        raise PydanticCustomError(
            "invalid_deadline", "Give either days_before and working_days, or weekday_before, with time"
        )
    return rule


def activity_coherent(record: Any) -> Any:
    """A rule of ActivityIn across its fields (pydantic-core calls it with the validated body)."""
    if record.last < record.first:
        raise PydanticCustomError("invalid_date", "to must not be before from")
    if len(set(record.weekdays)) != len(record.weekdays):
        raise PydanticCustomError("invalid_record", "A weekday is given twice")
    if len({u.unit_id for u in record.units}) != len(record.units):
        raise PydanticCustomError("invalid_record", "A unit_id is given twice")
    if any(not record.first <= day <= record.last for day in record.extra_days):
        raise PydanticCustomError("invalid_date", "extra_days must be inside from and to")
    if len(set(record.requires)) != len(record.requires):
        raise PydanticCustomError("invalid_record", "A requirement is given twice")
    return record


def window_coherent(window: Any) -> Any:
    """A rule of EnrolmentWindowIn across its fields (pydantic-core calls it with the validated body)."""
    if window.closes_at <= window.opens_at:
        raise PydanticCustomError("invalid_datetime", "closes_at must be after opens_at")
    low, high = window.min_birth_date, window.max_birth_date
    if low is not None and high is not None and high < low:
        raise PydanticCustomError("invalid_date", "max_birth_date must not be before min_birth_date")
    return window


def enrolment_coherent(record: Any) -> Any:
    """A rule of EnrolmentIn across its fields (pydantic-core calls it with the validated body)."""
    if record.last < record.first:
        raise PydanticCustomError("invalid_date", "to must not be before from")
    return record


def each_change_once(body: Any) -> Any:
    """A rule of BookingRequest across its fields (pydantic-core calls it with the validated body)."""
    if len({(c.date, c.unit_id) for c in body.changes}) != len(body.changes):
        raise PydanticCustomError("duplicate_change", "Each (date, unit_id) at most once")
    return body
