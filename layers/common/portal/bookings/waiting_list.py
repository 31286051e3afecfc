"""The waiting list moves by itself: a place that frees goes at once to the oldest child waiting for it.

``promote`` gives a slot's free places to its oldest waiting children (``rules.promotions``), once each
however many promoters race: each promotion is one transaction conditioned on a place left and on the
entry still waiting; one that lost to a rival promoter or a cancellation reads the list again. The
followers of each promoted child's family are told (``mailing.promotions``, by the caller).
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
                promoted.append(Promotion(kid, activity.label, unit.label, day))
            elif lost[0] == "full":
                return promoted
            else:
                break  # a rival promoted this child, or it was cancelled: read the list again
        else:
            break  # every free place given, or nobody left waiting
    return promoted


def promote_grown(tenant: TenantSlug, activity: Activity, grown: list[str]) -> None:
    """A republished activity gave units more places (or no limit): their waiting lists from today on get
    them, and the followers of each promoted child are told."""
    for day, unit_id in waiting.slots_with_waiters(tenant, activity.activity_id, clock.today()):
        if unit_id in grown:
            mailing.promotions(tenant, promote(tenant, activity, day, unit_id, clock.now()))


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
