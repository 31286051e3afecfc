"""POST /{tenant}/admin/appointments/{appointment_id}/cancellation: the town cancels an appointment."""

from portal.appointments import town
from portal.appointments.bodies import CancellationIn, TownAppointmentOut
from portal.http import Response, TownCall, endpoint


@endpoint(
    "cancel_town_appointment",
    auth="town",
    permissions=("appointments",),
    body=CancellationIn,
    responses={200: TownAppointmentOut},
    errors=("appointment_not_found", "invalid_text", "permission_denied"),
)
def handler(request: TownCall[CancellationIn]) -> Response:
    """Cancelled with its reason (one mail to the account, the reason in the portal only)."""
    cancelled = town.cancel(request.tenant.slug, request.path["appointment_id"], request.body.reason, request.caller)
    return Response(200, cancelled)
