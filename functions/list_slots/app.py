"""GET /{tenant}/agendas/{agenda_id}/slots: the slots bookable now with a place left."""

from portal.appointments import booking
from portal.appointments.bodies import FreeSlotsOut, SlotsQuery
from portal.http import CitizenRequest, Response, endpoint


@endpoint(
    "list_slots",
    auth="citizen",
    params=SlotsQuery,
    responses={200: FreeSlotsOut},
    errors=("agenda_not_found", "invalid_range"),
)
def handler(request: CitizenRequest[None, SlotsQuery]) -> Response:
    """From ``from`` to ``to`` (31 days at most, both counted), in UTC."""
    params = request.params
    return Response(200, booking.free_slots(request.tenant.slug, request.path["agenda_id"], params.first, params.last))
