"""Checks of the agents' bodies, free of pydantic (see ``portal.platform.checks``)."""

from __future__ import annotations

from portal.platform.engine import PydanticCustomError


def each_once(values: list[str]) -> list[str]:
    if len(set(values)) != len(values):
        raise PydanticCustomError("invalid_choice", "Each value at most once")
    return values
