"""POST /{tenant}/children/{child_id}/absences: the child will not come; cancel what can be, mark the rest absent."""

from portal.bookings import absences
from portal.bookings.bodies import AbsenceIn, AbsenceOut
from portal.http import CitizenRequest, Response, endpoint


@endpoint(
    "declare_absence",
    auth="citizen",
    body=AbsenceIn,
    responses={200: AbsenceOut},
    errors=("child_not_found", "activity_not_found", "invalid_range", "range_too_long", "too_far_back"),
)
def handler(request: CitizenRequest[AbsenceIn]) -> Response:
    """Declare an absence: bookings still cancellable are cancelled, the others become absent with the reason."""
    body = request.body
    found = absences.declare(
        request.principal, request.path["child_id"], body.activity_id, body.first, body.last, body.reason, body.comment
    )
    return Response(200, found)
