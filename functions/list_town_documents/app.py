"""GET /{tenant}/admin/documents: every paper changed since a moment, as it is now, for the town."""

from portal.bookings.bodies import FeedQuery
from portal.documents import town
from portal.documents.bodies import TownDocumentFeed
from portal.http import Request, Response, endpoint


@endpoint(
    "list_town_documents", auth="admin", params=FeedQuery, responses={200: TownDocumentFeed}, errors=("invalid_cursor",)
)
def handler(request: Request[None, FeedQuery]) -> Response:
    """Papers changed since a moment (each once, at its last change), oldest change first; each received
    file with a 5-minute download link."""
    params = request.params
    return Response(200, town.feed(request.tenant.slug, params.since, params.cursor, links=True))
