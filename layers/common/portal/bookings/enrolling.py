"""An enrolment that does not come from the town's software: a request the town accepted (the requests
area writes it in the decision's transaction)."""

from __future__ import annotations

from portal.bookings.model import Enrolment
from portal.bookings.store import published
from portal.kernel.ids import TenantSlug
from portal.platform.table import Parts


def enrol(tenant: TenantSlug, enrolment: Enrolment, family_id: str) -> Parts:
    """A transaction's part that stores the enrolment where the child has none in that activity (an
    enrolment published meanwhile fails it: the decision reads again and writes none)."""
    return published.new_enrolment(tenant, enrolment, family_id)
