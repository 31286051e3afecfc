"""Decide, apply, and decide again what lost its condition: how every change of a child's bookings is made.

The rules (``rules``) decide each item from what is known; the store (``store.places``) applies the writes,
each on the condition it was decided on. A write that lost (a slot found full, a booking a rival changed)
changed nothing: what it lost to is learnt (the slot marked full, the child's bookings read again) and
the item is decided again, at most ``ROUNDS`` times; one still contested then is left as it is.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field, replace
from datetime import datetime

from portal.bookings.model import Child, Outcome
from portal.bookings.rules import Decision, Known
from portal.bookings.store import places
from portal.bookings.store.places import Loss

ROUNDS = 3


@dataclass
class Settled:
    """The final decision of each item, the waiting tickets taken (by item), and the items still contested
    after the last round (their write did not happen)."""

    decisions: list[Decision]
    tickets: dict[int, int] = field(default_factory=dict)
    contested: set[int] = field(default_factory=set)


def settle(
    tenant: str,
    child: Child,
    activity_id: str,
    known: Known,
    decide: Callable[[int], Decision],
    count: int,
    at: datetime,
) -> Settled:
    """Decide items ``0 .. count-1`` of one child's activity with ``decide`` (which reads ``known``), apply
    their writes (events stamped ``at``), and decide again those that lost."""
    settled = Settled([decide(item) for item in range(count)])
    pending = list(range(count))
    for round_number in range(ROUNDS):
        writes = [(item, write) for item in pending if (write := settled.decisions[item].write) is not None]
        chosen = [item for item, _ in writes]
        applied = places.apply(tenant, child.family_id, [write for _, write in writes], at)
        lost = {chosen[position]: loss for position, loss in applied.lost.items()}
        settled.tickets.update({chosen[p]: ticket for p, ticket in applied.tickets.items() if chosen[p] not in lost})
        if not lost:
            return settled
        pending = sorted(lost)
        if round_number == ROUNDS - 1:
            settled.contested = set(pending)
            break
        _learn(tenant, child.child_id, activity_id, known, settled.decisions, lost)
        for item in pending:
            settled.decisions[item] = decide(item)
    for item in settled.contested:  # the request did not make it: a rival's change stands
        outcome = settled.decisions[item].outcome
        settled.decisions[item] = Decision(replace(outcome, outcome="unchanged", code=None, waiting_position=None))
    return settled


def _learn(
    tenant: str, child_id: str, activity_id: str, known: Known, decisions: list[Decision], lost: dict[int, Loss]
) -> None:
    """What the lost writes met: a slot without a place is known full; a booking changed meanwhile is read
    again (the child's bookings over the days concerned, one Query)."""
    outcomes: dict[int, Outcome] = {item: decisions[item].outcome for item in lost}
    known.full |= {(outcomes[i].day, outcomes[i].unit_id) for i, loss in lost.items() if loss == "full"}
    changed = [outcomes[i].day for i, loss in lost.items() if loss == "changed"]
    if not changed:
        return
    first, last = min(changed), max(changed)
    for key in [key for key in known.bookings if first <= key[0] <= last]:
        del known.bookings[key]
    known.bookings.update(places.bookings(tenant, child_id, activity_id, first, last))
