"""Enrolment requests, as requests: one pending a child and activity (its guard, so two parents asking at
the same moment make one request), what the family has asked for (the documents area counts those papers
as needed), and what the town's acceptance writes: the enrolment, from the day asked to the activity's last
day, unless the child has one already (then nothing).

Asking (the window, the birth dates, the papers still missing) is the enrolments area's, above the papers.
"""

from __future__ import annotations

from datetime import date
from typing import Final, Literal

from portal.bookings import access, enrolling
from portal.bookings.model import Enrolment
from portal.kernel.ids import TenantSlug
from portal.platform.errors import EnrolmentImpossible
from portal.platform.table import Parts
from portal.requests import store
from portal.requests.model import Request

KIND: Final[Literal["enrolment"]] = "enrolment"


def guard(child_id: str, activity_id: str) -> str:
    return f"{KIND}#{child_id}#{activity_id}"


def create(tenant: TenantSlug, request: Request) -> bool:
    """Write a new enrolment request: False when one for that child and activity is pending already."""
    return store.create(tenant, request)


def asked(tenant: TenantSlug, family_id: str) -> dict[str, set[str]]:
    """The activities the family's pending enrolment requests ask for, by child (one Query)."""
    found: dict[str, set[str]] = {}
    for request in store.pending(tenant, family_id, KIND):
        if request.child_id is not None:
            found.setdefault(request.child_id, set()).add(str(request.details["activity_id"]))
    return found


def accepted(tenant: TenantSlug, request: Request) -> Parts | None:
    """The enrolment an accepted request stores (in the decision's transaction): none when the child is
    enrolled already; 409 ``enrolment_impossible`` when the activity or the child is no longer published, or
    the activity, republished, now ends before the day asked (nothing is accepted then)."""
    activity_id, child_id = str(request.details["activity_id"]), request.child_id or ""
    activity = access.activities(tenant, [activity_id]).get(activity_id)
    kid = access.children(tenant, [child_id]).get(child_id)
    first = max(date.fromisoformat(str(request.details["from"])), activity.first) if activity else None
    if activity is None or kid is None or first is None or first > activity.last:
        raise EnrolmentImpossible()
    if access.enrolments(tenant, [(child_id, activity_id)]):
        return None
    return enrolling.enrol(tenant, Enrolment(child_id, activity_id, first, activity.last), kid.family_id)
