"""DELETE /{tenant}/admin/agents/{agent_id}: remove an agent; its tokens stop working at once."""

from portal.agents import roster
from portal.http import Request, Response, endpoint


@endpoint("delete_agent", auth="admin", responses={204: None}, errors=("agent_not_found",))
def handler(request: Request) -> Response:
    """Remove an agent: its tokens are refused from then on."""
    roster.remove(request.tenant, request.path["agent_id"])
    return Response(204)
