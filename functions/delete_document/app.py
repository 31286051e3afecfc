"""DELETE /{tenant}/families/{family_id}/documents/{document_id}: a paper not accepted, and its file."""

from portal.documents import uploads
from portal.http import CitizenRequest, Response, endpoint


@endpoint(
    "delete_document",
    auth="citizen",
    responses={204: None},
    errors=("family_not_found", "document_not_found", "document_accepted"),
)
def handler(request: CitizenRequest) -> Response:
    """Delete the paper and its file; an accepted one is kept (409)."""
    uploads.delete(request.principal, request.path["family_id"], request.path["document_id"])
    return Response(204)
