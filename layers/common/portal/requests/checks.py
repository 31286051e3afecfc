"""Checks of the requests' bodies, free of pydantic (see ``portal.platform.checks``)."""

from __future__ import annotations

from typing import Any

from portal.platform.engine import PydanticCustomError


def reason_when_refused(body: Any) -> Any:
    """A rule of DecisionBody across its fields (pydantic-core calls it with the validated body)."""
    if body.decision == "refused" and not body.reason:
        raise PydanticCustomError("reason_required", "A refusal says why (reason)")
    return body
