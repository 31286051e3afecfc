"""POST /{tenant}/admin/threads/{thread_id}/closure: the town closes a thread."""

from portal.http import Response, TownCall, endpoint
from portal.threads import town
from portal.threads.bodies import TownThreadOut


@endpoint(
    "close_thread",
    auth="town",
    permissions=("messages",),
    responses={200: TownThreadOut},
    errors=("thread_not_found", "permission_denied"),
)
def handler(request: TownCall) -> Response:
    """The thread closed (closing it again changes nothing)."""
    return Response(200, town.close(request.tenant.slug, request.path["thread_id"], request.caller))
