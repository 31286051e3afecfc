"""Checks of the appointments' bodies, free of pydantic (see ``portal.platform.checks``)."""

from __future__ import annotations

from typing import Any

from portal.platform.engine import PydanticCustomError


def hours_coherent(hours: Any) -> Any:
    if hours.end <= hours.start:
        raise PydanticCustomError("invalid_time", "end must be after start")
    return hours


def agenda_coherent(agenda: Any) -> Any:
    if agenda.last < agenda.first:
        raise PydanticCustomError("invalid_date", "to must not be before from")
    return agenda
