"""Bookings and the file (v1.3): what keeps a child of an activity that ``requires`` it from being booked.
The booking and calendar handlers hand ``file_refusal`` to the bookings area (``access.Gate``), which asks
it once a request, and only for an activity that requires something."""

from __future__ import annotations

from portal.bookings.model import Activity, Child, FileRefusal
from portal.kernel import clock
from portal.kernel.ids import TenantSlug


def file_refusal(tenant: TenantSlug, kid: Child, activity: Activity) -> FileRefusal | None:
    """``file_not_certified`` while the family's certification is due (a GetItem, when the tenant asks for
    one), then ``documents_missing`` while a type required for the activity is missing for the child (the
    types, then the family's papers: a Query each)."""
    from portal.documents import needs  # the papers' area: for an activity that requires them, not at start-up
    from portal.families import certification  # the file's area: likewise

    today = clock.today()
    if "certified_file" in activity.requires and certification.due(tenant, kid.family_id, today):
        return "file_not_certified"
    wanted = {kid.child_id: {activity.activity_id}}
    if "documents" in activity.requires and needs.missing(tenant, kid.family_id, wanted, today):
        return "documents_missing"
    return None
