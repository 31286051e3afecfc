"""POST /{tenant}/children/{child_id}/bookings: book and cancel days of an activity, each change on its own."""

from portal.bookings import changes
from portal.bookings.bodies import BookingRequest, BookingResults
from portal.bookings.model import Change
from portal.enrolments.gate import file_refusal
from portal.http import CitizenRequest, Response, endpoint


@endpoint(
    "change_bookings",
    auth="citizen",
    body=BookingRequest,
    responses={200: BookingResults},
    errors=("child_not_found", "activity_not_found", "unknown_unit", "duplicate_change", "too_many_attempts"),
    body_limit=64 * 1024,  # 400 changes of ~60 bytes each
)
def handler(request: CitizenRequest[BookingRequest]) -> Response:
    """Book and cancel (1 to 400 changes), each decided on its own; the outcome of each, in order (an
    activity that requires the family's file or papers refuses bookings while they are lacking)."""
    body = request.body
    wanted = [Change(change.date, change.unit_id, change.booked) for change in body.changes]
    result = changes.book(request.principal, request.path["child_id"], body.activity_id, wanted, file_refusal)
    return Response(200, result)
