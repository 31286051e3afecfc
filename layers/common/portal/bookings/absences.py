"""Declaring an absence: what can still be cancelled is, what cannot becomes absent with its reason.

The rule is ``rules.absence``: a waiting entry, or a booking before its cancellation deadline, is
cancelled (its place goes to the waiting list at once); a booking past it becomes absent (the place stays
counted: the meal was ordered), for the town to decide what to bill from the feed.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta
from typing import TYPE_CHECKING

from portal.bookings import access, applying, mailing, rules, waiting_list
from portal.bookings.model import Outcome, Reason
from portal.bookings.store import places
from portal.bookings.views import check_range
from portal.kernel import clock
from portal.platform.errors import FieldRejected

if TYPE_CHECKING:
    from portal.accounts.sessions import Principal

ABSENCE_PAST_DAYS = 7


@dataclass(frozen=True)
class DayUnit:
    day: date
    unit_id: str


@dataclass(frozen=True)
class Absence:
    """What an absence did: bookings past their cancellation deadline now absent (their place stays
    counted), bookings and waiting entries still cancellable cancelled."""

    absent: tuple[DayUnit, ...]
    cancelled: tuple[DayUnit, ...]


def declare(
    principal: Principal, child_id: str, activity_id: str, first: date, last: date, reason: Reason, comment: str | None
) -> Absence:
    """The child will not come from ``first`` to ``last``: what can still be cancelled is (its places go to the
    waiting list at once), what cannot becomes absent with the reason."""
    check_range(first, last)
    if first < clock.today() - timedelta(days=ABSENCE_PAST_DAYS):
        raise FieldRejected("from", "too_far_back", f"An absence starts at most {ABSENCE_PAST_DAYS} days ago")
    kid, activity, _ = access.enrolled(principal, child_id, activity_id)
    tenant, now = principal.tenant, clock.now()
    known = rules.Known(places.bookings(tenant, child_id, activity_id, first, last))
    keys = sorted(known.bookings)

    def decide(item: int) -> rules.Decision:
        day, unit_id = keys[item]
        booking = known.booking(day, unit_id)
        write = rules.absence(activity, booking, now, reason, comment) if booking is not None else None
        return rules.Decision(Outcome(day, unit_id, "unchanged"), write)

    settled = applying.apply(tenant, kid, activity_id, known, decide, len(keys))
    done = [decision for decision in settled.decisions if decision.write is not None]
    absent = tuple(DayUnit(d.outcome.day, d.outcome.unit_id) for d in done if isinstance(d.write, rules.MarkAbsent))
    cancelled = tuple(DayUnit(d.outcome.day, d.outcome.unit_id) for d in done if isinstance(d.write, rules.Cancel))
    mailing.promotions(tenant, waiting_list.promote_freed(tenant, activity, settled, now))
    return Absence(absent, cancelled)
