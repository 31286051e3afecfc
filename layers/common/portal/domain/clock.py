"""Time as the API writes it: RFC 3339 UTC timestamps."""

from __future__ import annotations

from datetime import UTC, datetime


def now() -> datetime:
    return datetime.now(UTC)


def rfc3339(moment: datetime) -> str:
    return moment.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%SZ")


def event_time(event: object) -> datetime:
    """The moment a scheduled event names (EventBridge's ``time``, RFC 3339), else now."""
    moment = event.get("time") if isinstance(event, dict) else None
    try:
        found = datetime.fromisoformat(moment) if isinstance(moment, str) else now()
    except ValueError:
        return now()
    return found if found.tzinfo else found.replace(tzinfo=UTC)
