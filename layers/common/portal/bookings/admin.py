"""The municipality's side of the espace famille: the feed of booking changes, and a day's attendance list.

The feed lists every change since a moment, oldest first by when it happened,
each once across pages (a signed cursor names the last one read). The invariant
it relies on: an event is stamped when its transaction is built
(``store.places._stamped``), less than ``SETTLE`` before it commits, and the
feed shows events once they are ``SETTLE`` old; so a write still in flight can
never land behind a position already read, however long the request or the
import that makes it.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta

from portal.bookings.model import ABSENT, BOOKED, WAITING, Event
from portal.bookings.store import feed as events
from portal.bookings.store import places, published
from portal.kernel import clock, ids
from portal.platform import cursor
from portal.platform.errors import ActivityNotFound
from portal.tenancy.model import Tenant

FEED_PAGE = 500
SETTLE = timedelta(seconds=30)  # longer than any write of an event takes to commit (the functions' timeouts)


@dataclass(frozen=True)
class Feed:
    items: tuple[Event, ...]
    next_cursor: str | None


def feed(tenant: Tenant, since: datetime, after: str | None) -> Feed:
    """Events from ``since`` on (a page of at most 500), continuing after a cursor's position. A ``since``
    before the first moment UTC holds asks for every event."""
    since = since if clock.in_range(since) else datetime.min.replace(tzinfo=UTC)
    scope = f"{tenant.slug}#bookings#{clock.rfc3339(since)}"
    position = cursor.read(after, scope, size=1)[0] if after else events.position(since)
    until = events.position(clock.now() - SETTLE)
    if position >= until:  # nothing settled after it yet (a recent or future since): no query has bounds
        return Feed((), None)
    first_day = date.fromisoformat(position[:10])
    items: list[tuple[str, Event]] = []
    for day in events.days_with_events(tenant.slug, first_day, date.fromisoformat(until[:10])):
        after = position if day == first_day else ""
        items += events.events_of_day(tenant.slug, day, after, until, FEED_PAGE - len(items))
        if len(items) >= FEED_PAGE:
            break
    page = items[:FEED_PAGE]
    more = len(items) > FEED_PAGE or (len(page) == FEED_PAGE)
    return Feed(tuple(event for _, event in page), cursor.make((page[-1][0],), scope) if more and page else None)


@dataclass(frozen=True)
class Attendee:
    child_id: str
    first_name: str
    last_name: str
    class_name: str | None
    status: str


@dataclass(frozen=True)
class UnitAttendance:
    unit_id: str
    label: str
    capacity: int | None
    booked: int
    waiting: int
    absent: int
    children: tuple[Attendee, ...]


@dataclass(frozen=True)
class Attendance:
    activity_id: str
    day: date
    units: tuple[UnitAttendance, ...]


def attendance(tenant: Tenant, activity_id: str, day: date) -> Attendance:
    """The day's list for the kitchen and the staff: per unit, places taken (absent ones included), waiting,
    absent, and the children by last name then first name."""
    activity = published.activity(tenant.slug, activity_id) if ids.is_published_id(activity_id) else None
    if activity is None:
        raise ActivityNotFound()
    listed = places.attendance(tenant.slug, activity_id, day)
    kids = published.children(tenant.slug, {b.child_id for b in listed})
    units = []
    for unit in activity.units:
        own = [b for b in listed if b.unit_id == unit.unit_id and b.child_id in kids]
        attendees = sorted(
            (
                Attendee(
                    b.child_id,
                    kids[b.child_id].first_name,
                    kids[b.child_id].last_name,
                    kids[b.child_id].class_name,
                    b.status,
                )
                for b in own
            ),
            key=lambda a: (a.last_name, a.first_name, a.child_id),
        )
        count = {status: sum(1 for b in own if b.status == status) for status in (BOOKED, WAITING, ABSENT)}
        units.append(
            UnitAttendance(
                unit.unit_id,
                unit.label,
                unit.capacity,
                count[BOOKED] + count[ABSENT],
                count[WAITING],
                count[ABSENT],
                tuple(attendees),
            )
        )
    return Attendance(activity_id, day, tuple(units))
