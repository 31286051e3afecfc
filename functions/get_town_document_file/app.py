"""GET /{tenant}/admin/documents/{document_id}/file: a short link to a paper's file, for the town."""

from portal.documents import town
from portal.documents.bodies import FileLink
from portal.http import Response, TownCall, endpoint


@endpoint(
    "get_town_document_file",
    auth="town",
    permissions=("documents",),
    responses={200: FileLink},
    errors=("document_not_found", "document_not_received", "permission_denied"),
)
def handler(request: TownCall) -> Response:
    """A presigned link to the paper's file, valid 5 minutes, served as an attachment (an agent's reading is
    in the audit log)."""
    url, seconds = town.file_link(request.tenant.slug, request.path["document_id"], request.caller)
    return Response(200, {"url": url, "expires_in": seconds})
