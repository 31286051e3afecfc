"""Checks of the appointments' bodies, free of pydantic (see ``portal.platform.checks``)."""

from __future__ import annotations

from itertools import pairwise
from typing import Any

from portal.platform.engine import PydanticCustomError


def hours_coherent(hours: Any) -> Any:
    if hours.end <= hours.start:
        raise PydanticCustomError("invalid_time", "end must be after start")
    return hours


def agenda_coherent(agenda: Any) -> Any:
    if agenda.last < agenda.first:
        raise PydanticCustomError("invalid_date", "to must not be before from")
    by_day: dict[str, list[Any]] = {}
    for hours in agenda.hours:
        by_day.setdefault(hours.weekday, []).append(hours)
    for ranges in by_day.values():
        ranges.sort(key=lambda h: h.start)
        if any(later.start < earlier.end for earlier, later in pairwise(ranges)):
            raise PydanticCustomError("invalid_time", "The hours of a weekday must not overlap")
    return agenda
