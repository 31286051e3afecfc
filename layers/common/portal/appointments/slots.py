"""An agenda's slots, pure: each ``hours`` range of an open day cut into ``slot_minutes`` (a last shorter
piece is not a slot), in Europe/Paris (a day clocks change keeps its wall-clock hours: its slots are an hour
nearer or farther in UTC), and which of them may be booked now."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import UTC, date, datetime, timedelta

from portal.appointments.model import WEEKDAYS, Agenda, Slot
from portal.kernel.clock import PARIS


def of_day(agenda: Agenda, day: date) -> list[Slot]:
    """The day's slots, in order (none on a closed day or outside the agenda's dates)."""
    if not agenda.first <= day <= agenda.last or day in agenda.closed:
        return []
    weekday = WEEKDAYS[day.weekday()]
    length = timedelta(minutes=agenda.slot_minutes)
    found: list[Slot] = []
    for hours in sorted((h for h in agenda.hours if h.weekday == weekday), key=lambda h: h.start):
        start = datetime.combine(day, hours.start)
        end = datetime.combine(day, hours.end)
        while start + length <= end:
            slot = Slot(_utc(start), _utc(start + length))
            # A piece the clocks' change stretches, shrinks or repeats (a desk open at 02:30) is not a slot.
            if slot.end - slot.start == length and (not found or slot.start >= found[-1].end):
                found.append(slot)
            start += length
    return found


def between(agenda: Agenda, first: date, last: date) -> Iterator[Slot]:
    day = first
    while day <= last:
        yield from of_day(agenda, day)
        day += timedelta(days=1)


def slot_at(agenda: Agenda, start: datetime) -> Slot | None:
    """The slot starting at ``start`` (any offset), or None: not a slot (a closed day included)."""
    try:
        moment = start.astimezone(UTC)
        day = paris_day(moment)
    except OverflowError:  # the first moments of year 1 or the last of 9999: no such slot anywhere
        return None
    return next((s for s in of_day(agenda, day) if s.start == moment), None)


def bookable(agenda: Agenda, slot: Slot, now: datetime) -> bool:
    """After ``min_notice_hours`` from now, and at most ``max_days_ahead`` days after today (Paris)."""
    soonest = now + timedelta(hours=agenda.min_notice_hours)
    latest = paris_day(now) + timedelta(days=agenda.max_days_ahead)
    return slot.start >= soonest and paris_day(slot.start) <= latest


def cancellable(agenda: Agenda, start: datetime, now: datetime) -> bool:
    """A parent may cancel until ``cancellation_hours`` before the appointment."""
    return now <= start - timedelta(hours=agenda.cancellation_hours)


def paris_day(moment: datetime) -> date:
    return moment.astimezone(PARIS).date()


def day_bounds(day: date) -> tuple[datetime, datetime]:
    """The Paris day's first moment and the next day's, in UTC."""
    return _utc(datetime.combine(day, datetime.min.time())), _utc(
        datetime.combine(day + timedelta(days=1), datetime.min.time())
    )


def _utc(wall: datetime) -> datetime:
    """A Paris wall-clock time in UTC (a time the spring change skips is read with the offset before it)."""
    return wall.replace(tzinfo=PARIS).astimezone(UTC)
