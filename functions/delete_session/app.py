"""DELETE /{tenant}/sessions/current: log out; the token is refused from then on."""

from portal.accounts import sessions
from portal.http import CitizenRequest, Response, endpoint


@endpoint("delete_session", auth="citizen", responses={204: None})
def handler(request: CitizenRequest) -> Response:
    """Log out: the token is refused from then on."""
    sessions.logout(request.principal)
    return Response(204)
