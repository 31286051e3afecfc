"""GET /{tenant}/admin/threads: every thread changed since a moment, with its new messages, for the town."""

from portal.bookings.bodies import FeedQuery
from portal.http import Response, TownCall, endpoint
from portal.threads import town
from portal.threads.bodies import TownThreadFeed


@endpoint(
    "list_town_threads",
    auth="town",
    permissions=("messages",),
    params=FeedQuery,
    responses={200: TownThreadFeed},
    errors=("invalid_cursor", "permission_denied"),
)
def handler(request: TownCall[None, FeedQuery]) -> Response:
    """Threads changed since a moment (an agent's services' only), oldest change first."""
    return Response(200, town.feed(request.tenant.slug, request.params.since, request.params.cursor, request.caller))
