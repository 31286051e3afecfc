"""GET /{tenant}/appointments: the account's appointments ("Mes rendez-vous")."""

from portal.appointments import booking
from portal.appointments.bodies import AppointmentList, AppointmentsQuery
from portal.http import CitizenRequest, Response, endpoint


@endpoint(
    "list_appointments",
    auth="citizen",
    params=AppointmentsQuery,
    responses={200: AppointmentList},
    errors=("invalid_cursor",),
)
def handler(request: CitizenRequest[None, AppointmentsQuery]) -> Response:
    """Those to come first (soonest first), then the past; cancelled ones with the town's reason; a page."""
    params = request.params
    return Response(200, booking.mine(request.principal, params.limit, params.cursor))
