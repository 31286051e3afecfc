"""GET /{tenant}/admin/threads/{thread_id}: one thread whole, as the town reads it."""

from portal.http import Response, TownCall, endpoint
from portal.threads import town
from portal.threads.bodies import TownThreadOut


@endpoint(
    "get_town_thread",
    auth="town",
    permissions=("messages",),
    responses={200: TownThreadOut},
    errors=("thread_not_found", "permission_denied"),
)
def handler(request: TownCall) -> Response:
    """A thread with every message and who wrote (what an agent opens from its inbox)."""
    return Response(200, town.one(request.tenant.slug, request.path["thread_id"], request.caller))
