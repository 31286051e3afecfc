"""DELETE /{tenant}/appointments/{appointment_id}: cancel an appointment before the agenda's delay."""

from portal.appointments import booking
from portal.http import CitizenRequest, Response, endpoint


@endpoint(
    "cancel_appointment",
    auth="citizen",
    responses={204: None},
    errors=("appointment_not_found", "cancellation_closed", "too_many_attempts"),
)
def handler(request: CitizenRequest) -> Response:
    """Cancelled, its place free at once (too late: 409)."""
    booking.cancel(request.principal, request.path["appointment_id"])
    return Response(204)
