"""GET /{tenant}/admin/agents: the town's agents."""

from portal.agents import roster
from portal.agents.bodies import AgentList
from portal.http import Request, Response, endpoint


@endpoint("list_agents", auth="admin", responses={200: AgentList})
def handler(request: Request) -> Response:
    """The town's agents, invited or active, by name."""
    return Response(200, {"items": roster.listed(request.tenant)})
