"""Days the town closes: the bookings of days no longer open are cancelled, through the queue, in two steps.

An import that republishes an activity so that it no longer runs on some day
(a closure, a removed weekday, shorter dates) or no longer has a unit, or an
enrolment with shorter dates, works out what it closes from today on (no I/O:
the stored and the new records compared) and queues it as one ``closing``
message per pass on the closures queue (apart from the mails: no burst of
mails delays a closure), **before** storing the new records: an import that
fails after queuing is sent again with the same identity and queues the same
message.

1. ``find`` (the queue's consumer) reads the stored records: while they still
   open what the message closes, the import has not stored them yet and the
   message is retried; after ``STORING_WAIT`` (an import that failed for good,
   or a corrected file sent since) those days are left alone. Then it lists
   the bookings, absences and waiting entries of the closed days (one Query of
   the day's attendance list, or of the child's bookings for a shortened
   enrolment), after the import stored the records, so that none booked while
   the import ran is missed, and queues one ``closed`` message per family.
2. ``deliver`` cancels each of them still there with reason ``closed`` (a
   place goes to the waiting list only on a day the activity still runs: an
   enrolment cut), then mails each follower of the family once (the mail is
   marked per message and account).

Every step may run twice: a cancel is conditional, a family's message keeps
its id, a mail is marked before it goes. A booking request that read the old
activity before the import stored it, and the index that lists a day's
bookings, are both waited for: step 1 reads a closed day ``INDEX_SETTLE``
after the import stored the activity.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date, timedelta

from portal.bookings import applying, days, mailing, rules, waiting_list
from portal.bookings.messages import (
    BookingMessage,
    ClosedDaysMail,
    ClosedMessage,
    ClosingMessage,
    DayClosing,
    EnrolmentClosing,
    closes_a_day,
)
from portal.bookings.model import CLOSED, Activity, Booking, Child, Enrolment, Outcome, Promotion
from portal.bookings.store import places, published
from portal.kernel import clock
from portal.kernel.ids import TenantSlug
from portal.platform import queues
from portal.platform.config import settings
from portal.platform.errors import ServiceUnavailable
from portal.platform.observability import logger

LINES_PER_MESSAGE = 200  # a family's bookings closed by one import rarely pass it; ~40 bytes a line
CLOSINGS_PER_MESSAGE = 100  # (activity, day)s or enrolments a ``closing`` message names: a Query each
STORING_WAIT = 600  # seconds a message waits for its import to store the records (8 receives, 180 s apart)
# A closed day's bookings are read from its attendance list (FamilyIndex, eventually consistent) once the
# activity closing it has been stored this long: every booking decided on the activity as it was before
# has committed by then (a booking request gives up after 25 s, API Gateway after 29 s) and reached the
# index (which DynamoDB updates within a second or so, unbounded in principle but not in practice). A
# shortened enrolment's bookings come from the child's own partition, a consistent Query.
INDEX_SETTLE = 60

Line = tuple[str, str, date, str]  # child, activity, day, unit


def activities(tenant: TenantSlug, import_id: str, before: dict[str, Activity], published: Iterable[Activity]) -> None:
    """Queue what republished activities close: the days they no longer run, the units they no longer have
    (from today to the booking horizon), one entry per activity and day."""
    today = clock.today()
    closings: list[DayClosing | EnrolmentClosing] = []
    for activity in published:
        old = before.get(activity.activity_id)
        if old is None:
            continue
        gone = [u.unit_id for u in old.units if activity.unit(u.unit_id) is None]
        for day in days.each_day(max(today, old.first), min(old.last, today + timedelta(days=days.HORIZON_DAYS))):
            if not days.runs(old, day):
                continue
            units = None if not days.runs(activity, day) else gone  # None: every unit of the day
            if units is None or units:
                closings.append({"activity": activity.activity_id, "day": day.isoformat(), "units": units})
    _queue(tenant, f"closing-{import_id}-activities", closings)


def enrolments(
    tenant: TenantSlug,
    import_id: str,
    before: dict[tuple[str, str], Enrolment],
    published: Iterable[tuple[Enrolment, str]],
) -> None:
    """Queue what shortened enrolments close: the days from today they no longer cover."""
    today = clock.today()
    closings: list[DayClosing | EnrolmentClosing] = []
    for enrolment, _ in published:
        old = before.get((enrolment.child_id, enrolment.activity_id))
        if old is None:
            continue
        cut = [
            (max(today, old.first), min(old.last, enrolment.first - timedelta(days=1))),
            (max(today, old.first, enrolment.last + timedelta(days=1)), old.last),
        ]
        ranges = [[first.isoformat(), last.isoformat()] for first, last in cut if first <= last]
        if ranges:
            closings.append({"child": enrolment.child_id, "activity": enrolment.activity_id, "ranges": ranges})
    _queue(tenant, f"closing-{import_id}-enrolments", closings)


def find(message: ClosingMessage) -> int:
    """Step 1, a ``closing`` message: the bookings of what it closes, once the import stored the records;
    one ``closed`` message queued per family. How many bookings; raises (to be retried) while the records
    are not stored yet, or when DynamoDB or SQS fails."""
    tenant, closings = message["tenant"], message["closings"]
    on_days, unstored_days = _on_closed_days(tenant, [c for c in closings if closes_a_day(c)])
    cut, unstored_cuts = _in_cut_enrolments(tenant, [c for c in closings if not closes_a_day(c)])
    found, unstored = on_days + cut, unstored_days + unstored_cuts
    if unstored and clock.now().timestamp() - float(message["queued_at"]) < STORING_WAIT:
        raise ServiceUnavailable("The import closing these days has not stored them yet")
    if unstored:  # the import never stored them (it failed, or the town sent a corrected file): kept
        logger.warning("closings not stored", extra={"closings": unstored})
    _send(_per_family(tenant, message["id"], _by_family(tenant, found)))
    return len(found)


def _on_closed_days(tenant: TenantSlug, closings: list[DayClosing]) -> tuple[list[Booking], int]:
    """The bookings of (activity, day)s closed (every unit of the day, or the units named), from each day's
    attendance list; and how many of those days the stored activity still opens (not stored yet). Raises
    (the message comes back) while an activity was stored less than ``INDEX_SETTLE`` ago."""
    stored = published.activities(tenant, {c["activity"] for c in closings})
    settling = [a for a in stored.values() if clock.now().timestamp() - (a.stored_at or 0) < INDEX_SETTLE]
    found: list[Booking] = []
    unstored = 0
    for closing in closings:
        activity, day, units = stored.get(closing["activity"]), date.fromisoformat(closing["day"]), closing["units"]
        if activity is not None and days.runs(activity, day) and (units is None or any(map(activity.unit, units))):
            unstored += 1
            continue
        if activity in settling:
            raise ServiceUnavailable("A closed day's attendance list is read once the index has settled")
        found += [b for b in places.attendance(tenant, closing["activity"], day) if units is None or b.unit_id in units]
    return found, unstored


def _in_cut_enrolments(tenant: TenantSlug, closings: list[EnrolmentClosing]) -> tuple[list[Booking], int]:
    """The bookings of the ranges shortened enrolments no longer cover, from the child's bookings; and how
    many of those ranges the stored enrolment still covers (not stored yet)."""
    enrolled = published.enrolments_of(tenant, [(c["child"], c["activity"]) for c in closings])
    found: list[Booking] = []
    unstored = 0
    for closing in closings:
        enrolment = enrolled.get((closing["child"], closing["activity"]))
        for first_text, last_text in closing["ranges"]:
            first, last = date.fromisoformat(first_text), date.fromisoformat(last_text)
            if enrolment is not None and enrolment.first <= last and first <= enrolment.last:
                unstored += 1
                continue
            found += places.bookings(tenant, closing["child"], closing["activity"], first, last).values()
    return found, unstored


def _by_family(tenant: TenantSlug, found: list[Booking]) -> dict[str, list[list[str]]]:
    """The bookings found, as message lines (child, activity, day, unit), by the family of their child."""
    kids = published.children(tenant, {b.child_id for b in found}) if found else {}
    by_family: dict[str, list[list[str]]] = {}
    for booking in found:
        if booking.child_id in kids:
            line = [booking.child_id, booking.activity_id, booking.day.isoformat(), booking.unit_id]
            by_family.setdefault(kids[booking.child_id].family_id, []).append(line)
    return by_family


def deliver(message: ClosedMessage) -> int:
    """Step 2, a ``closed`` message: cancel its bookings still there, then mail the family's followers (once
    each). How many mails went; raises (to be retried) when DynamoDB or SES fails."""
    tenant = message["tenant"]
    listed = [(c, a, date.fromisoformat(d), u) for c, a, d, u in message["bookings"]]
    kids = published.children(tenant, {c for c, _, _, _ in listed})
    known = published.activities(tenant, {a for _, a, _, _ in listed})
    enrolled = published.enrolments_of(tenant, {(c, a) for c, a, _, _ in listed})
    closed = [line for line in listed if _still_closed(line, kids, known, enrolled)]
    promoted: list[Promotion] = []
    for (child_id, activity_id), lines in _grouped(closed).items():
        promoted += close(tenant, kids[child_id], known[activity_id], lines)
    mailing.promotions(tenant, promoted)
    mail = [[kids[c].first_name, known[a].label, d.isoformat(), _unit_label(known[a], u)] for c, a, d, u in closed]
    return mailing.deliver(ClosedDaysMail(**message, lines=mail)) if mail else 0


def _still_closed(
    line: Line, kids: dict[str, Child], known: dict[str, Activity], enrolled: dict[tuple[str, str], Enrolment]
) -> bool:
    """Whether a listed booking's day is still closed: its child and activity still published (none of a
    child or an activity no longer published is shown or kept), and not opened again by a later import."""
    child_id, activity_id, day, unit_id = line
    activity, enrolment = known.get(activity_id), enrolled.get((child_id, activity_id))
    if child_id not in kids or activity is None:
        return False
    return not (enrolment is not None and days.is_open(activity, enrolment, day) and activity.unit(unit_id))


def close(tenant: TenantSlug, kid: Child, activity: Activity, lines: list[tuple[date, str]]) -> list[Promotion]:
    """Cancel a child's bookings and waiting entries of days no longer open to it (reason ``closed``), as they
    are now; a place freed on a day the activity still runs (an enrolment cut) goes to the waiting list, none
    on a day it no longer runs. Who got a place; raises (the message comes back) when one was still contested
    after the rounds of deciding again."""
    activity_id = activity.activity_id
    first, last = min(d for d, _ in lines), max(d for d, _ in lines)
    known = rules.Known(places.bookings(tenant, kid.child_id, activity_id, first, last))

    def decide(item: int) -> rules.Decision:
        day, unit_id = lines[item]
        booking = known.booking(day, unit_id)
        write = rules.Cancel(booking, CLOSED) if booking is not None else None
        return rules.Decision(Outcome(day, unit_id, "cancelled" if write else "unchanged"), write)

    settled = applying.apply(tenant, kid, activity_id, known, decide, len(lines))
    if settled.contested:
        raise ServiceUnavailable("A closed day's booking changed while it was cancelled: read it again")
    return waiting_list.promote_freed(tenant, activity, settled, clock.now())


def _queue(tenant: TenantSlug, pass_id: str, closings: list[DayClosing | EnrolmentClosing]) -> None:
    now = clock.now().timestamp()
    messages: list[BookingMessage] = [
        ClosingMessage(kind="closing", id=_part(pass_id, n), tenant=tenant, queued_at=now, closings=closings[start:end])
        for n, (start, end) in enumerate(_chunks(len(closings), CLOSINGS_PER_MESSAGE))
    ]
    _send(messages)


def _send(messages: list[BookingMessage]) -> None:
    """Queue a closing's steps on the closures queue (apart from the mails), each in its tenant's group."""
    if messages and settings().booking_closures_queue_url:
        queues.send(settings().booking_closures_queue_url, messages, group="tenant")


def _per_family(tenant: TenantSlug, closing_id: str, by_family: dict[str, list[list[str]]]) -> list[BookingMessage]:
    return [
        ClosedMessage(
            kind="closed",
            id=_part(f"{closing_id}-{family}", n),
            tenant=tenant,
            family=family,
            bookings=lines[start:end],
        )
        for family, lines in sorted(by_family.items())
        for n, (start, end) in enumerate(_chunks(len(lines), LINES_PER_MESSAGE))
    ]


def _chunks(count: int, size: int) -> list[tuple[int, int]]:
    return [(start, start + size) for start in range(0, count, size)]


def _part(name: str, n: int) -> str:
    return f"{name}-{n}" if n else name


def _grouped(listed: Iterable[Line]) -> dict[tuple[str, str], list[tuple[date, str]]]:
    grouped: dict[tuple[str, str], list[tuple[date, str]]] = {}
    for child_id, activity_id, day, unit_id in listed:
        grouped.setdefault((child_id, activity_id), []).append((day, unit_id))
    return grouped


def _unit_label(activity: Activity, unit_id: str) -> str:
    unit = activity.unit(unit_id)
    return unit.label if unit is not None else unit_id
