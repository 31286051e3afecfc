"""DELETE /{tenant}/sessions/current: log out; the token is refused from then on."""

from portal.domain import accounts
from portal.http import Request, Response, endpoint


@endpoint("delete_session", auth="citizen", responses={204: None})
def handler(request: Request[None]) -> Response:
    assert request.principal is not None
    accounts.logout(request.principal)
    return Response(204)
