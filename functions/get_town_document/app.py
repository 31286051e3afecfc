"""GET /{tenant}/admin/documents/{document_id}: one paper as the town reads it."""

from portal.documents import town
from portal.documents.bodies import TownDocumentOut
from portal.http import Response, TownCall, endpoint


@endpoint(
    "get_town_document",
    auth="town",
    permissions=("documents",),
    responses={200: TownDocumentOut},
    errors=("document_not_found", "permission_denied"),
)
def handler(request: TownCall) -> Response:
    """A paper as the feed lists it but at once; with the admin key, a received file's 5-minute link (an
    agent opens the file through its audited route)."""
    found = town.one(request.tenant.slug, request.path["document_id"], link=request.session is None)
    return Response(200, found)
