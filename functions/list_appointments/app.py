"""GET /{tenant}/appointments: the account's appointments ("Mes rendez-vous")."""

from portal.appointments import booking
from portal.appointments.bodies import AppointmentList
from portal.http import CitizenRequest, Response, endpoint


@endpoint("list_appointments", auth="citizen", responses={200: AppointmentList})
def handler(request: CitizenRequest) -> Response:
    """Those to come first (soonest first), then the past; cancelled ones with the town's reason."""
    return Response(200, booking.mine(request.principal))
