"""How every change of a child's bookings is made: decided by the rules, applied by the store.

``rules.settle`` decides each item, hands the writes to ``store.places.apply`` (each on the condition it
was decided on) and decides again what lost, reading the child's bookings again where a rival changed
them. This module only binds the two.
"""

from __future__ import annotations

from collections.abc import Callable

from portal.bookings.model import Child
from portal.bookings.rules import Decision, Known, Settled, settle
from portal.bookings.store import places
from portal.kernel.ids import TenantSlug


def apply(
    tenant: TenantSlug,
    child: Child,
    activity_id: str,
    known: Known,
    decide: Callable[[int], Decision],
    count: int,
) -> Settled:
    """Decide items ``0 .. count-1`` of one child's activity with ``decide`` and write them."""
    return settle(
        known,
        decide,
        count,
        apply=lambda writes: places.apply(tenant, child.family_id, writes),
        reread=lambda first, last: places.bookings(tenant, child.child_id, activity_id, first, last),
    )
