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

import time
from dataclasses import dataclass
from datetime import date, datetime

from portal.bookings import mailing, rules
from portal.bookings.model import Activity, Booking, Promotion
from portal.bookings.store import places, published, waiting
from portal.kernel import clock
from portal.kernel.ids import TenantSlug
from portal.platform.errors import ApiError
from portal.platform.observability import logger

POSITION_WAIT_SECONDS, POSITION_TRIES = 0.02, 25
PROMOTION_ROUNDS = 50  # each round promotes or meets a rival who did


def promote(tenant: TenantSlug, activity: Activity, day: date, unit_id: str, now: datetime) -> list[Promotion]:
    """Give the slot's free places to its oldest waiting children; who got one."""
    unit = activity.unit(unit_id)
    if unit is None or not rules.may_fill(activity, day, unit_id, now):
        return []
    promoted: list[Promotion] = []
    for _ in range(PROMOTION_ROUNDS):
        slot = waiting.slot(tenant, activity.activity_id, day, unit_id)
        if not rules.free_places(unit, slot):
            break
        writes = rules.promotions(
            activity, unit, slot, waiting.waiting_children(tenant, activity.activity_id, day, unit_id)
        )
        kids = published.children(tenant, {write.booking.child_id for write in writes}) if writes else {}
        for write in writes:
            kid = kids.get(write.booking.child_id)
            if kid is None:  # a child no longer published holds its entry: the list waits for the town
                return promoted
            lost = places.apply(tenant, kid.family_id, [write]).lost
            if not lost:
                promoted.append(
                    Promotion(kid, activity.activity_id, unit.unit_id, day, ticket=int(write.booking.ticket or 0))
                )
            elif lost[0] == "full":
                return promoted
            else:
                break  # a rival promoted this child, or it was cancelled: read the list again
        else:
            break  # every free place given, or nobody left waiting
    return promoted


def promote_freed(tenant: TenantSlug, activity: Activity, settled: rules.Settled, now: datetime) -> list[Promotion]:
    """Give the places the applied writes may have freed to the slots' waiting lists, each slot once."""
    freed = {
        (decision.outcome.day, decision.outcome.unit_id)
        for decision in settled.decisions
        if decision.write is not None and rules.gives_back_a_place(decision.write)
    }
    promoted: list[Promotion] = []
    for day, unit_id in sorted(freed):
        promoted += promote(tenant, activity, day, unit_id, now)
    return promoted


def promote_grown(tenant: TenantSlug, activity: Activity, grown: list[str]) -> None:
    """A republished activity gave units more places (or no limit): their waiting lists from today on get
    them, and the followers of each promoted child are told."""
    for day, unit_id in waiting.slots_with_waiters(tenant, activity.activity_id, clock.today()):
        if unit_id in grown:
            mailing.promotions(tenant, promote(tenant, activity, day, unit_id, clock.now()))


def sweep(now: datetime) -> dict[str, int]:
    """Give every place still owed to a waiting list, in every tenant, from today on: a slot with children
    waiting and a place free, which a request or an import that stopped before promoting left behind. A slot
    that cannot be written now waits for the next run (the others go on)."""
    counts = {"slots": 0, "promoted": 0, "failed": 0}
    owing = waiting.owing(now.astimezone(clock.PARIS).date())
    activities: dict[tuple[TenantSlug, str], Activity | None] = {}
    for tenant, slot in owing:
        counts["slots"] += 1
        try:
            key = (tenant, slot.activity_id)
            if key not in activities:
                activities[key] = published.activity(tenant, slot.activity_id)
            activity = activities[key]
            if activity is None:
                continue
            promoted = promote(tenant, activity, slot.day, slot.unit_id, now)
            mailing.promotions(tenant, promoted)
        except ApiError as error:
            counts["failed"] += 1
            logger.warning("waiting list not swept", extra={"tenant": tenant, "reason": type(error).__name__})
            continue
        counts["promoted"] += len(promoted)
    return counts


@dataclass
class PositionTries:
    """How many more times positions may wait for rivals' tickets: one budget a request, so that its waits
    are bounded however many of its changes wait."""

    left: int = POSITION_TRIES


def position(tenant: TenantSlug, booking: Booking, tries: PositionTries | None = None) -> int:
    """A waiting booking's position (1 = next to get a place), once every ticket before it is written, or
    the tries are spent."""
    assert booking.ticket is not None
    budget = tries if tries is not None else PositionTries()
    found, complete = rules.position(booking.ticket, waiting.entries_before(tenant, booking))
    while not complete and budget.left > 0:
        budget.left -= 1
        time.sleep(POSITION_WAIT_SECONDS)  # a rival took an earlier ticket and is writing its entry
        found, complete = rules.position(booking.ticket, waiting.entries_before(tenant, booking))
    return found
