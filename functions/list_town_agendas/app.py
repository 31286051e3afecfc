"""GET /{tenant}/admin/agendas: the town's agendas, for its software and the agents' console."""

from portal.appointments import booking
from portal.appointments.bodies import TownAgendaList
from portal.http import Response, TownCall, endpoint


@endpoint(
    "list_town_agendas",
    auth="town",
    permissions=("appointments",),
    responses={200: TownAgendaList},
    errors=("permission_denied",),
)
def handler(request: TownCall) -> Response:
    """The agendas as published, by label (what the console offers to choose a day's list from)."""
    return Response(200, booking.agendas(request.tenant.slug))
