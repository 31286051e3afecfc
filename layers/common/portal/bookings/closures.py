"""Days the town closes: the bookings of days no longer open are cancelled, through the queue.

An import that republishes an activity so that it no longer runs on some day
(a closure, a removed weekday, shorter dates), or an enrolment with shorter
dates, finds the bookings and waiting entries of those days from today on (one
Query per closed day's attendance list, or per shortened enrolment) and queues
one ``closed`` message per family, in the import's time. The queue's consumer
(``deliver``) cancels each booking still there with reason ``closed`` (no
place goes to a waiting list: the day no longer runs), then mails each follower
of the family once for that import.

The messages are queued before the new records are stored: an import that
fails after queuing is sent again with the same identity, finds the same
bookings and queues them again; a cancelled booking is gone, so a message
delivered twice cancels nothing twice, and its mail is marked per (import,
family, account), so it goes once. The consumer only cancels a day the stored
records no longer open: a message that arrives before its import has stored
them is retried, and after ``STORING_WAIT`` (an import that failed for good, or
a corrected file sent since) the days still open keep their bookings.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date, timedelta
from typing import Any

from portal.bookings import days, family_space, mailing, store
from portal.bookings.model import Activity, Booking, Enrolment
from portal.kernel import clock
from portal.platform.errors import ServiceUnavailable
from portal.platform.observability import logger

LINES_PER_MESSAGE = 1000  # about 40 bytes a line: far below SQS's 256 KB
STORING_WAIT = 600  # seconds a message waits for its import to store the closing (8 receives, 180 s apart)


def activities(tenant: str, import_id: str, before: dict[str, Activity], published: Iterable[Activity]) -> None:
    """Queue the cancelling of the bookings on the days republished activities no longer run."""
    today = clock.today()
    found: list[Booking] = []
    for activity in published:
        old = before.get(activity.activity_id)
        if old is None:
            continue
        for day in _days(max(today, old.first), old.last):
            if days.runs(old, day) and not days.runs(activity, day):
                found += store.attendance(tenant, activity.activity_id, day)
    kids = store.children(tenant, {b.child_id for b in found}) if found else {}
    _queue(tenant, import_id, [(b, kids[b.child_id].family_id) for b in found if b.child_id in kids])


def enrolments(
    tenant: str, import_id: str, before: dict[tuple[str, str], Enrolment], published: Iterable[tuple[Enrolment, str]]
) -> None:
    """Queue the cancelling of the bookings on the days shortened enrolments no longer cover."""
    today = clock.today()
    found: list[tuple[Booking, str]] = []
    for enrolment, family_id in published:
        old = before.get((enrolment.child_id, enrolment.activity_id))
        if old is None:
            continue
        cut = [
            (max(today, old.first), min(old.last, enrolment.first - timedelta(days=1))),
            (max(today, old.first, enrolment.last + timedelta(days=1)), old.last),
        ]
        for first, last in cut:
            if first <= last:
                kept = store.bookings(tenant, enrolment.child_id, enrolment.activity_id, first, last)
                found += [(booking, family_id) for booking in kept.values()]
    _queue(tenant, import_id, found)


def deliver(message: dict[str, Any]) -> int:
    """A ``closed`` message: cancel its bookings still there, then mail the family's followers (once each).
    How many mails went; raises (to be retried) when DynamoDB or SES fails, or while the import that queued
    it has not stored the closing yet."""
    tenant, family_id = str(message["tenant"]), str(message["family"])
    listed = [(c, a, date.fromisoformat(d), u) for c, a, d, u in message["bookings"]]
    kids = store.children(tenant, {c for c, _, _, _ in listed})
    known = store.activities(tenant, {a for _, a, _, _ in listed})
    enrolled = store.enrolments_of(tenant, {(c, a) for c, a, _, _ in listed})
    closed: list[tuple[str, str, date, str]] = []
    still_open: list[tuple[str, str, date, str]] = []
    for line in listed:
        child_id, activity_id, day, _ = line
        if child_id not in kids or activity_id not in known:
            continue  # a child or an activity no longer published: none of its bookings is shown or kept
        enrolment = enrolled.get((child_id, activity_id))
        runs = enrolment is not None and days.is_open(known[activity_id], enrolment, day)
        (still_open if runs else closed).append(line)
    if still_open and clock.now().timestamp() - float(message["queued_at"]) < STORING_WAIT:
        raise ServiceUnavailable("The import closing these days is not stored yet")
    if still_open:  # the import never stored them (it failed, or the town sent a corrected file): kept
        logger.warning("closed days not stored", extra={"bookings": len(still_open)})
    for (child_id, activity_id), lines in _grouped(closed).items():
        first, last = min(d for d, _ in lines), max(d for d, _ in lines)
        current = store.bookings(tenant, child_id, activity_id, first, last)
        family_space.close(tenant, kids[child_id], known[activity_id], [current[x] for x in lines if x in current])
    mail = [[kids[c].first_name, known[a].label, d.isoformat(), _unit_label(known[a], u)] for c, a, d, u in closed]
    return mailing.deliver({**message, "family": family_id, "lines": mail}) if mail else 0


def _queue(tenant: str, import_id: str, found: list[tuple[Booking, str]]) -> None:
    by_family: dict[str, list[list[str]]] = {}
    for booking, family_id in found:
        line = [booking.child_id, booking.activity_id, booking.day.isoformat(), booking.unit_id]
        by_family.setdefault(family_id, []).append(line)
    messages = []
    for family_id, lines in sorted(by_family.items()):
        for part, start in enumerate(range(0, len(lines), LINES_PER_MESSAGE)):
            suffix = f"-{part}" if part else ""
            messages.append(
                {
                    "kind": "closed",
                    "id": f"closed-{import_id}-{family_id}{suffix}",
                    "family": family_id,
                    "queued_at": clock.now().timestamp(),
                    "bookings": lines[start : start + LINES_PER_MESSAGE],
                }
            )
    mailing.queue(tenant, messages)


def _grouped(listed: Iterable[tuple[str, str, date, str]]) -> dict[tuple[str, str], list[tuple[date, str]]]:
    grouped: dict[tuple[str, str], list[tuple[date, str]]] = {}
    for child_id, activity_id, day, unit_id in listed:
        grouped.setdefault((child_id, activity_id), []).append((day, unit_id))
    return grouped


def _unit_label(activity: Activity, unit_id: str) -> str:
    unit = activity.unit(unit_id)
    return unit.label if unit is not None else unit_id


def _days(first: date, last: date) -> Iterable[date]:
    return (first + timedelta(days=n) for n in range((last - first).days + 1))
