"""GET /{tenant}/agent/me: the agent calling, its permissions and services."""

from portal.agents.bodies import AgentOut
from portal.http import Response, TownCall, endpoint


@endpoint("get_agent_me", auth="agent", responses={200: AgentOut})
def handler(request: TownCall) -> Response:
    """Who the agent is and what it may do (the console's name and menu)."""
    assert request.session is not None  # an agent route: always an agent
    return Response(200, request.session.agent)
