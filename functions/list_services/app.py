"""GET /{tenant}/services: the town's services a parent may write to ("Nous contacter")."""

from portal.http import CitizenRequest, Response, endpoint
from portal.threads import writing
from portal.threads.bodies import ServiceList


@endpoint("list_services", auth="citizen", responses={200: ServiceList})
def handler(request: CitizenRequest) -> Response:
    """The services, by label."""
    return Response(200, writing.services(request.principal))
