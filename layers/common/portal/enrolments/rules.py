"""When a family may ask to enrol a child, and which children it may ask for. Pure: values in, values out."""

from __future__ import annotations

from datetime import date, datetime

from portal.bookings.model import EnrolmentWindow


def open_now(window: EnrolmentWindow, now: datetime) -> bool:
    """Whether requests are taken at ``now``: ``opens_at`` included, ``closes_at`` excluded."""
    return window.opens_at <= now < window.closes_at


def eligible(window: EnrolmentWindow, birth_date: date) -> bool:
    """Whether a child born on ``birth_date`` is within the window's bounds (both included)."""
    low, high = window.min_birth_date, window.max_birth_date
    return (low is None or low <= birth_date) and (high is None or birth_date <= high)
