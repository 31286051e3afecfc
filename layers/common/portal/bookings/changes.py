"""Booking and cancelling: a parent's request of 1 to 400 changes of one child's activity.

Each change is decided on its own, in the request's order, by the rules (``rules.change``: open days,
both deadlines, the opening moment, places and the waiting list, in Europe/Paris time) and applied on
its condition (``applying``); a refused one never stops the others. A place freed (a cancellation) goes at
once to the oldest waiting request (``waiting_list``), whose family's followers are told; the account
that asked gets a summary of its request. Mails leave through a queue (``mailing``), never in the
request's time.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from typing import TYPE_CHECKING

from portal.bookings import access, applying, mailing, rules, waiting_list
from portal.bookings.model import (
    WAITING,
    Activity,
    Booking,
    Change,
    Child,
    Enrolment,
    FileRefusal,
    Outcome,
    OutcomeKind,
    Promotion,
)
from portal.bookings.store import places
from portal.kernel import clock
from portal.kernel.ids import TenantSlug
from portal.platform import parallel
from portal.platform.errors import FieldRejected
from portal.platform.throttle import Throttle

if TYPE_CHECKING:
    from datetime import date

    from portal.accounts.sessions import Principal

# Each account's booking changes (every one asked, whatever its outcome): 2,000 an hour lets a family of
# four children book a school year of meals and after-school care in one sitting (docs/bookings.md).
CHANGES_BUDGET = Throttle("booking_changes", limit=2_000, window_seconds=3_600)

_KINDS: tuple[OutcomeKind, ...] = ("booked", "waiting", "cancelled", "unchanged", "refused")


@dataclass(frozen=True)
class Summary:
    booked: int
    waiting: int
    cancelled: int
    unchanged: int
    refused: int


@dataclass(frozen=True)
class Result:
    results: tuple[Outcome, ...]
    summary: Summary


def book(
    principal: Principal, child_id: str, activity_id: str, changes: list[Change], gate: access.Gate | None = None
) -> Result:
    """Decide each change on its own, in the request's order; a refused one never stops the others. The
    account that asked gets the request's summary; the followers of promoted children, their places.
    ``gate``: what the family's file says of an activity that ``requires`` it (asked once, when booking)."""
    kid, activity, enrolment = access.enrolled(principal, child_id, activity_id)
    for index, change in enumerate(changes):
        if activity.unit(change.unit_id) is None:
            raise FieldRejected(f"changes.{index}.unit_id", "unknown_unit", "No such unit in this activity")
    CHANGES_BUDGET.take(principal.tenant, principal.account_id, len(changes))
    books = activity.requires and any(change.booked for change in changes)
    held = gate(principal.tenant, kid, activity) if gate is not None and books else None
    result, promotions = make(principal.tenant, kid, activity, enrolment, changes, held)
    if result.summary.booked or result.summary.waiting or result.summary.cancelled:
        mailing.summary(principal.tenant, principal.account, kid, activity, list(result.results))
    own = [p for p in promotions if p.child.child_id == kid.child_id]  # answered booked: no other mail
    mailing.promotions(principal.tenant, [p for p in promotions if p not in own])
    mailing.answered(principal.tenant, own)
    return result


def make(
    tenant: TenantSlug,
    kid: Child,
    activity: Activity,
    enrolment: Enrolment,
    changes: list[Change],
    held: FileRefusal | None = None,
) -> tuple[Result, list[Promotion]]:
    """The changes of one child's activity, decided and written (the caller checked who may ask, and what
    the family's file says: ``held``); the places the request freed or found owed, given to the waiting
    lists (to this child too, whose waiting outcome is then answered booked)."""
    now = clock.now()
    first, last = min(c.day for c in changes), max(c.day for c in changes)
    known = rules.Known(places.bookings(tenant, kid.child_id, activity.activity_id, first, last), held=held)
    known.full = _taking_no_booking(tenant, activity, changes)

    def decide(item: int) -> rules.Decision:
        return rules.change(changes[item], kid.child_id, activity, enrolment, known, now)

    settled = applying.apply(tenant, kid, activity.activity_id, known, decide, len(changes))
    promoted = waiting_list.promote_freed(tenant, activity, settled, now)
    placed = {(p.day, p.unit_id) for p in promoted if p.child.child_id == kid.child_id}
    outcomes = [decision.outcome for decision in settled.decisions]
    waited = [item for item, outcome in enumerate(outcomes) if outcome.outcome == "waiting" and item in settled.tickets]

    def answered(item: int) -> Outcome:  # a waiting one reads its position, a few at a time
        return _answered(tenant, kid, activity, outcomes[item], settled.tickets[item], placed)

    for item, outcome in zip(waited, parallel.each(answered, waited), strict=True):
        outcomes[item] = outcome
    summary = Summary(*(sum(1 for o in outcomes if o.outcome == kind) for kind in _KINDS))
    return Result(tuple(outcomes), summary), promoted


def _taking_no_booking(tenant: TenantSlug, activity: Activity, changes: list[Change]) -> set[rules.Day]:
    """The slots the request books that would refuse the booking a place, from their counters read first
    (one BatchGetItem a hundred): their changes go straight to the waiting list (or are refused full),
    instead of through a write that fails. A slot found free is still booked on its write's condition."""
    units = {unit.unit_id: unit for unit in activity.units if unit.capacity is not None}
    counted = [(c.day, c.unit_id) for c in changes if c.booked and c.unit_id in units]
    slots = places.slots(tenant, activity.activity_id, counted) if counted else {}
    return {key for key, slot in slots.items() if rules.takes_no_booking(units[key[1]], slot)}


def _answered(
    tenant: TenantSlug, kid: Child, activity: Activity, outcome: Outcome, ticket: int, placed: set[tuple[date, str]]
) -> Outcome:
    """A waiting outcome gets its position among those still waiting (from the ticket its write took), or is
    booked when the request's own promotions gave the child the place (a place freed before it, owed to the
    list, reached the child's turn)."""
    if (outcome.day, outcome.unit_id) in placed:
        return replace(outcome, outcome="booked")
    entry = Booking(kid.child_id, activity.activity_id, outcome.unit_id, outcome.day, WAITING, ticket=ticket)
    return replace(outcome, waiting_position=waiting_list.position(tenant, entry))
