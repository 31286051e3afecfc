"""GET /{tenant}/admin/documents: every paper changed since a moment, as it is now, for the town."""

from portal.bookings.bodies import FeedQuery
from portal.documents import town
from portal.documents.bodies import TownDocumentFeed
from portal.http import Response, TownCall, endpoint


@endpoint(
    "list_town_documents",
    auth="town",
    permissions=("documents",),
    params=FeedQuery,
    responses={200: TownDocumentFeed},
    errors=("invalid_cursor", "permission_denied"),
)
def handler(request: TownCall[None, FeedQuery]) -> Response:
    """Papers changed since a moment (each once, at its last change), oldest change first; with the admin
    key, each received file with a 5-minute download link (an agent opens a file through its audited route)."""
    params = request.params
    links = request.session is None
    return Response(200, town.feed(request.tenant.slug, params.since, params.cursor, links=links))
