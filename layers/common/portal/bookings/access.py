"""Who may ask: a child of a family the account follows, and its enrolment in an activity.

Every read starts from the account's own subscriptions, so a child of a family the account does not
follow answers 404 ``child_not_found`` exactly like an unknown one; every account following a family books
for its children (two separated parents see the same bookings).
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from typing import TYPE_CHECKING

from portal.bookings.model import Activity, Child, Enrolment, FileRefusal
from portal.bookings.store import published
from portal.kernel import ids
from portal.kernel.ids import TenantSlug
from portal.platform.errors import ActivityNotFound, ChildNotFound

if TYPE_CHECKING:  # the queue consumer (closures) never authenticates: PyJWT stays out of its start-up
    from portal.accounts.sessions import Principal


type Gate = Callable[[TenantSlug, Child, Activity], FileRefusal | None]
"""What keeps a child of an activity that ``requires`` the family's file from being booked (v1.3): the
areas that hold the file and the papers answer it; the handlers that book or show a calendar pass it in."""


def own_child(principal: Principal, child_id: str) -> Child:
    """The child, if it belongs to a family the account follows; else 404 child_not_found."""
    kid = published.child(principal.tenant, child_id) if ids.is_published_id(child_id) else None
    if kid is None or kid.family_id not in principal.account.subscriptions:
        raise ChildNotFound()
    return kid


def children(tenant: TenantSlug, child_ids: Iterable[str]) -> dict[str, Child]:
    """Published children by id (for the areas that hang records on them: the family's file)."""
    return published.children(tenant, child_ids)


def family_children(tenant: TenantSlug, family_id: str) -> list[Child]:
    """A family's children as published, by first name."""
    return sorted(published.family_children(tenant, family_id)[0], key=lambda kid: (kid.first_name, kid.child_id))


def family_enrolments(tenant: TenantSlug, family_id: str) -> tuple[list[Child], list[Enrolment]]:
    """A family's children and their enrolments as published (one Query: what the documents area requires
    papers for)."""
    return published.family_children(tenant, family_id)


def enrolled(principal: Principal, child_id: str, activity_id: str) -> tuple[Child, Activity, Enrolment]:
    """The account's child, the activity and the child's enrolment in it; else 404 (``child_not_found``,
    then ``activity_not_found``)."""
    kid = own_child(principal, child_id)
    known = ids.is_published_id(activity_id)
    enrolment = published.enrolment(principal.tenant, child_id, activity_id) if known else None
    activity = published.activity(principal.tenant, activity_id) if enrolment is not None else None
    if enrolment is None or activity is None:
        raise ActivityNotFound()
    return kid, activity, enrolment


def activities(tenant: TenantSlug, activity_ids: Iterable[str]) -> dict[str, Activity]:
    return published.activities(tenant, [a for a in activity_ids if ids.is_published_id(a)])


def enrolable(tenant: TenantSlug) -> list[Activity]:
    """The activities published with a window for enrolment requests (open now or not)."""
    return published.enrolable(tenant)


def enrolments(tenant: TenantSlug, pairs: Iterable[tuple[str, str]]) -> dict[tuple[str, str], Enrolment]:
    """Enrolments by (child, activity)."""
    return published.enrolments_of(tenant, pairs)
