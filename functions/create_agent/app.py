"""POST /{tenant}/admin/agents: invite an agent of the town (its invitation mailed)."""

from portal.agents import roster
from portal.agents.bodies import AgentCreated, AgentIn
from portal.http import Request, Response, endpoint


@endpoint("create_agent", auth="admin", body=AgentIn, responses={201: AgentCreated}, errors=("agent_exists",))
def handler(request: Request[AgentIn]) -> Response:
    """Invite an agent: a single-use link, valid 72 hours, is mailed to it."""
    body = request.body
    agent = roster.invite(
        request.tenant, body.email, body.first_name, body.last_name, body.permissions, body.service_ids
    )
    return Response(201, agent)
