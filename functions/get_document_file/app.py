"""GET /{tenant}/families/{family_id}/documents/{document_id}/file: a short link to a paper the family sent."""

from portal.documents import uploads
from portal.documents.bodies import FileLink
from portal.http import CitizenRequest, Response, endpoint


@endpoint(
    "get_document_file",
    auth="citizen",
    responses={200: FileLink},
    errors=("family_not_found", "document_not_found", "document_not_received"),
)
def handler(request: CitizenRequest) -> Response:
    """A presigned link to the paper's file, valid 5 minutes, served as an attachment."""
    path = request.path
    url, seconds = uploads.file_link(request.principal, path["family_id"], path["document_id"])
    return Response(200, {"url": url, "expires_in": seconds})
