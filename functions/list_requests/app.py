"""GET /{tenant}/requests: the requests of the families followed ("Mes demandes"), newest first."""

from portal.http import CitizenRequest, Response, endpoint
from portal.requests import asking
from portal.requests.bodies import RequestList, RequestQuery


@endpoint(
    "list_requests",
    auth="citizen",
    params=RequestQuery,
    responses={200: RequestList},
    errors=("family_not_found", "invalid_cursor"),
)
def handler(request: CitizenRequest[None, RequestQuery]) -> Response:
    """The requests of the families followed (the other parent's included), filtered and paged."""
    return Response(200, asking.listed(request.principal, asking.Filters(**request.params.model_dump())))
