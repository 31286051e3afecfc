"""The waiting list moves by itself: a place that frees goes at once to the oldest child waiting for it.

``promote`` gives a slot's free places to its oldest waiting children (``rules.promotions``), once each
however many promoters race: each promotion is one transaction conditioned on a place left and on the
entry still waiting; one that lost to a rival promoter or a cancellation reads the list again. The
followers of each promoted child's family are told (``mailing.promotions``, by the caller).

Nobody jumps the list: a booking takes a place only while nobody waits for its slot (the slot counts its
children waiting), so a place freed is the list's until it is given, whether the writes that free it
(a cancellation, an absence, an enrolment cut, a raised capacity) promote at once, which they do, or stop
before (a request timed out, an import retried): then the next booking of the slot, which waits, gives it,
and ``sweep`` (scheduled) gives every place still owed.
"""

from __future__ import annotations

from datetime import date, datetime

from portal.bookings import mailing, rules
from portal.bookings.model import Activity, Booking, Child, Promotion, Slot
from portal.bookings.store import places, published, waiting
from portal.kernel import clock
from portal.kernel.ids import TenantSlug
from portal.platform import parallel
from portal.platform.errors import ApiError
from portal.platform.observability import logger

PROMOTION_ROUNDS = 50  # each round promotes or meets a rival who did


def promote(
    tenant: TenantSlug,
    activity: Activity,
    day: date,
    unit_id: str,
    now: datetime,
    read: Slot | None = None,
    kids: dict[str, Child] | None = None,
) -> list[Promotion]:
    """Give the slot's free places to its oldest waiting children; who got one. ``read``: the slot as the
    caller just read it (consistently), for the first round; ``kids``: the children already read (a request
    promoting on many slots reads each child once)."""
    unit = activity.unit(unit_id)
    if unit is None or not rules.may_fill(activity, day, unit_id, now):
        return []
    known = kids if kids is not None else {}
    promoted: list[Promotion] = []
    for _ in range(PROMOTION_ROUNDS):
        slot = read or waiting.slot(tenant, activity.activity_id, day, unit_id)
        read = None
        if not rules.free_places(unit, slot) or slot.waiting <= 0:
            break
        writes = rules.promotions(
            activity, unit, slot, waiting.waiting_children(tenant, activity.activity_id, day, unit_id)
        )
        given, again = _give(tenant, writes, known)
        promoted += given
        if not again:
            break  # every free place given, nobody left waiting, or the list waits for the town
    return promoted


def _give(tenant: TenantSlug, writes: list[rules.Promote], known: dict[str, Child]) -> tuple[list[Promotion], bool]:
    """Apply a round's promotions, oldest first: who got a place, and whether to read the list again (a rival
    promoted an entry, or it was cancelled)."""
    unknown = {write.booking.child_id for write in writes} - set(known)
    known.update(published.children(tenant, unknown) if unknown else {})
    given: list[Promotion] = []
    for write in writes:
        booking, kid = write.booking, known.get(write.booking.child_id)
        if kid is None:  # a child no longer published holds its entry: the list waits for the town
            return given, False
        lost = places.apply(tenant, kid.family_id, [write]).lost
        if lost:
            return given, lost[0] != "full"
        given.append(Promotion(kid, booking.activity_id, booking.unit_id, booking.day, ticket=int(booking.ticket or 0)))
    return given, False


def promote_freed(tenant: TenantSlug, activity: Activity, settled: rules.Settled, now: datetime) -> list[Promotion]:
    """Give the places the applied writes may have freed to the slots' waiting lists: the slots' counters in
    one read, then a promotion pass where a child waits beside a free place, a few slots at a time."""
    freed = sorted(
        {
            (decision.outcome.day, decision.outcome.unit_id)
            for decision in settled.decisions
            if decision.write is not None and rules.gives_back_a_place(decision.write)
        }
    )
    counters = places.slots(tenant, activity.activity_id, freed)
    owing = [key for key in freed if _owes(activity, counters.get(key))]
    kids: dict[str, Child] = {}
    passes = parallel.each(lambda key: promote(tenant, activity, *key, now, counters[key], kids), owing)
    return [promotion for promoted in passes for promotion in promoted]


def _owes(activity: Activity, slot: Slot | None) -> bool:
    """Whether a slot, as read, has a child waiting beside a free place."""
    unit = activity.unit(slot.unit_id) if slot is not None else None
    return slot is not None and unit is not None and slot.waiting > 0 and rules.free_places(unit, slot) > 0


def promote_grown(tenant: TenantSlug, activity: Activity, grown: list[str]) -> None:
    """A republished activity gave units more places (or no limit): their waiting lists from today on get
    them, and the followers of each family with a child promoted are told once."""
    promoted: list[Promotion] = []
    for day, unit_id in waiting.slots_with_waiters(tenant, activity.activity_id, clock.today()):
        if unit_id in grown:
            promoted += promote(tenant, activity, day, unit_id, clock.now())
    mailing.promotions(tenant, promoted)


MEND_AFTER_SECONDS = 120  # a slot that took no ticket for this long has none being written


def sweep(now: datetime) -> dict[str, int]:
    """Give every place still owed to a waiting list, in every tenant, from today on: a slot with children
    waiting and a place free, which a request or an import that stopped before promoting left behind; and
    mend its list's tickets neither waiting nor marked gone (``waiting.mend``: its positions exact). A slot
    that cannot be written now waits for the next run (the others go on); each family with a child
    promoted is told once a run."""
    counts = {"slots": 0, "promoted": 0, "failed": 0, "mended": 0}
    activities: dict[tuple[TenantSlug, str], Activity | None] = {}
    promoted: dict[TenantSlug, list[Promotion]] = {}
    settled_before = int(now.timestamp()) - MEND_AFTER_SECONDS
    for tenant, slot in waiting.owing(now.astimezone(clock.PARIS).date()):
        counts["slots"] += 1
        try:
            counts["mended"] += waiting.mend(tenant, slot.activity_id, slot.day, slot.unit_id, settled_before)
            key = (tenant, slot.activity_id)
            if key not in activities:
                activities[key] = published.activity(tenant, slot.activity_id)
            activity = activities[key]
            if activity is not None:
                promoted.setdefault(tenant, []).extend(promote(tenant, activity, slot.day, slot.unit_id, now, slot))
        except ApiError as error:
            counts["failed"] += 1
            logger.warning("waiting list not swept", extra={"tenant": tenant, "reason": type(error).__name__})
    for tenant, given in promoted.items():
        counts["promoted"] += len(given)
        mailing.promotions(tenant, given)
    return counts


def position(tenant: TenantSlug, booking: Booking) -> int:
    """A waiting booking's position (1 = next to get a place): its ticket less the tickets gone before it
    (one Query of their markers, however long the list)."""
    assert booking.ticket is not None
    return rules.position(booking.ticket, waiting.gone_before(tenant, booking))
