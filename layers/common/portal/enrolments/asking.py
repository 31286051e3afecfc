"""What a parent does: sees the activities a child may be enrolled in now, and asks to enrol the child.

A child of a family the account does not follow answers 404 ``child_not_found`` exactly like an unknown one.
Asking is refused, in this order: an unknown activity (404 ``activity_not_found``), ``from`` outside the
activity's dates (422), the child enrolled already (409 ``already_enrolled``), outside the window or an
activity not open to requests (422 ``enrolment_closed``), a birth date outside its bounds (422
``not_eligible``), beyond the account's budget (429 ``too_many_attempts``), one pending for that child and
activity already (409 ``request_pending``, from the request's guard: two parents asking at the same moment
make one request). Papers still missing never refuse it: the request lists them.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime
from typing import TYPE_CHECKING, Literal

from portal.bookings import access
from portal.bookings.model import EnrolmentWindow
from portal.documents import needs
from portal.enrolments import rules
from portal.kernel import clock, ids
from portal.platform.errors import ActivityNotFound, AlreadyEnrolled, FieldRejected, RequestPending
from portal.platform.throttle import Throttle
from portal.requests import enrolments as enrolment_requests
from portal.requests.model import PENDING, Request

if TYPE_CHECKING:
    from portal.accounts.sessions import Principal

# Each account's enrolment requests: one pending a child and activity already, this bounds asking, cancelling
# and asking again (a write and a line in the town's feed each time); 30 a day covers a family of four asking
# for every holiday centre of the year at once.
ASKS = Throttle("enrolment_requests", limit=30, window_seconds=86_400)


@dataclass(frozen=True)
class OpenActivity:
    """An activity open to requests now for a child (the ``OpenActivityOut`` body)."""

    activity_id: str
    label: str
    nature: str
    first: date
    last: date
    closes_at: datetime
    required_document_type_ids: tuple[str, ...]
    status: Literal["enrolled", "requested"] | None


@dataclass(frozen=True)
class OpenActivities:
    items: tuple[OpenActivity, ...]


def open_activities(principal: Principal, child_id: str) -> OpenActivities:
    """The activities open to requests now for which the child's birth date is eligible, by label, each with
    the papers it requires and whether the child is enrolled or asked for already (five reads at most)."""
    kid = access.own_child(principal, child_id)
    tenant, now = principal.tenant, clock.now()
    born = date.fromisoformat(kid.birth_date)
    offered = sorted(
        ((a, w) for a in access.enrolable(tenant) if (w := a.enrolment_requests) and _takes(w, born, now)),
        key=lambda pair: (pair[0].label, pair[0].activity_id),
    )
    if not offered:
        return OpenActivities(())
    enrolled = access.enrolments(tenant, [(kid.child_id, a.activity_id) for a, _ in offered])
    asked = enrolment_requests.asked(tenant, kid.family_id).get(kid.child_id, set())
    kinds = needs.types(tenant)

    def status(activity_id: str) -> Literal["enrolled", "requested"] | None:
        if (kid.child_id, activity_id) in enrolled:
            return "enrolled"
        return "requested" if activity_id in asked else None

    return OpenActivities(
        tuple(
            OpenActivity(
                a.activity_id,
                a.label,
                a.nature,
                a.first,
                a.last,
                window.closes_at,
                tuple(needs.required(kinds, a.activity_id)),
                status(a.activity_id),
            )
            for a, window in offered
        )
    )


def ask(principal: Principal, child_id: str, activity_id: str, first: date, comment: str | None) -> Request:
    """An ``enrolment`` request for the child, from ``first`` to the activity's last day, listing the papers
    the activity requires that are still missing (they show in the family's ``missing`` at once)."""
    kid = access.own_child(principal, child_id)
    tenant, now = principal.tenant, clock.now()
    activity = access.activities(tenant, [activity_id]).get(activity_id)
    if activity is None:
        raise ActivityNotFound("No such activity")
    if not activity.first <= first <= activity.last:
        raise FieldRejected("from", "invalid_date", "from must be within the activity's dates")
    if access.enrolments(tenant, [(kid.child_id, activity_id)]):
        raise AlreadyEnrolled()
    window = activity.enrolment_requests
    if window is None or not rules.open_now(window, now):
        raise FieldRejected("activity_id", "enrolment_closed", "The activity does not take enrolment requests now")
    if not rules.eligible(window, date.fromisoformat(kid.birth_date)):
        raise FieldRejected("activity_id", "not_eligible", "The child's birth date is outside the activity's bounds")
    ASKS.take(tenant, principal.account_id)
    missing = needs.missing(tenant, kid.family_id, {kid.child_id: {activity_id}}, clock.today())
    request = Request(
        request_id=ids.random_id(),
        kind=enrolment_requests.KIND,
        family_id=kid.family_id,
        status=PENDING,
        created_at=now,
        changed_at=now,
        summary=f"Inscription de {kid.first_name} {kid.last_name} – {activity.label}",
        details={
            "activity_id": activity_id,
            "from": first.isoformat(),
            "comment": comment,
            "missing_document_type_ids": [m.document_type_id for m in missing],
        },
        child_id=kid.child_id,
        account_id=principal.account_id,
        guard=enrolment_requests.guard(kid.child_id, activity_id),
    )
    if not enrolment_requests.create(tenant, request):
        raise RequestPending("An enrolment request of this child in this activity is pending already")
    return request


def _takes(window: EnrolmentWindow, born: date, now: datetime) -> bool:
    return rules.open_now(window, now) and rules.eligible(window, born)
