"""GET /{tenant}/admin/requests: every request changed since a moment, as it is now, for the town."""

from portal.bookings.bodies import FeedQuery
from portal.http import Response, TownCall, endpoint
from portal.requests import town
from portal.requests.bodies import TownRequestFeed


@endpoint(
    "list_town_requests",
    auth="town",
    permissions=("requests",),
    params=FeedQuery,
    responses={200: TownRequestFeed},
    errors=("invalid_cursor", "permission_denied"),
)
def handler(request: TownCall[None, FeedQuery]) -> Response:
    """Requests changed since a moment (each once, at its last change), oldest change first."""
    return Response(200, town.feed(request.tenant.slug, request.params.since, request.params.cursor, request.caller))
