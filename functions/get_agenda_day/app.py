"""GET /{tenant}/admin/agendas/{agenda_id}/appointments: an agenda's appointments of a day, for the town."""

from portal.appointments import town
from portal.appointments.bodies import DayListOut, DayQuery
from portal.http import Response, TownCall, endpoint


@endpoint(
    "get_agenda_day",
    auth="town",
    permissions=("appointments",),
    params=DayQuery,
    responses={200: DayListOut},
    errors=("agenda_not_found", "permission_denied"),
)
def handler(request: TownCall[None, DayQuery]) -> Response:
    """By start, cancelled ones included, with who booked."""
    return Response(200, town.day_list(request.tenant.slug, request.path["agenda_id"], request.params.date))
