"""DELETE /{tenant}/agent/sessions/current: an agent logs out; the token is refused from then on."""

from portal.agents import sessions
from portal.http import Response, TownCall, endpoint


@endpoint("delete_agent_session", auth="agent", responses={204: None})
def handler(request: TownCall) -> Response:
    """Log out: the token is refused from then on."""
    assert request.session is not None  # an agent route: always an agent
    sessions.logout(request.session)
    return Response(204)
