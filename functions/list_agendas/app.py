"""GET /{tenant}/agendas: the town's agendas open to appointments ("Prise de rendez-vous")."""

from portal.appointments import booking
from portal.appointments.bodies import AgendaList
from portal.http import CitizenRequest, Response, endpoint


@endpoint("list_agendas", auth="citizen", responses={200: AgendaList})
def handler(request: CitizenRequest) -> Response:
    """The agendas, by label (any activated account, with a family or not)."""
    return Response(200, booking.agendas(request.tenant.slug))
