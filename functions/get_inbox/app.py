"""GET /{tenant}/agent/inbox: what awaits the agent, in its permissions."""

from portal.desk import inbox
from portal.desk.bodies import InboxOut
from portal.http import Response, TownCall, endpoint


@endpoint("get_inbox", auth="agent", responses={200: InboxOut})
def handler(request: TownCall) -> Response:
    """The counts of what awaits the agent, and the items oldest first."""
    assert request.session is not None  # an agent route: always an agent
    return Response(200, inbox.inbox(request.tenant.slug, request.session.agent))
