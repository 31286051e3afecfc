"""Checks of the documents' bodies, free of pydantic (see ``portal.platform.checks``)."""

from __future__ import annotations

from typing import Any

from portal.platform.engine import PydanticCustomError
from portal.requests.checks import reason_when_refused

# A file's name as the parent's device gave it: no path, no control character, no name that means a directory.
_FORBIDDEN = frozenset('/\\:*?"<>|')


def file_name(value: str) -> str:
    if any(c in _FORBIDDEN or ord(c) < 32 or ord(c) == 127 for c in value) or value in (".", ".."):
        raise PydanticCustomError("invalid_file_name", "A file name without a path or control characters")
    return value


def required_for(values: list[str]) -> list[str]:
    """Activity ids, or ``["*"]`` alone: every activity."""
    if "*" in values and len(values) > 1:
        raise PydanticCustomError("invalid_record", '"*" stands alone: every activity')
    if len(set(values)) != len(values):
        raise PydanticCustomError("invalid_record", "An activity is named twice")
    return values


def refusal_says_why(body: Any) -> Any:
    """A rule of DocumentDecision across its fields (pydantic-core calls it with the validated body)."""
    reason_when_refused(body)
    if body.decision == "refused" and body.valid_until is not None:
        raise PydanticCustomError("invalid_record", "A refused document has no validity")
    return body
