"""GET /{tenant}/families/{family_id}/received/{document_id}/pdf: a short link to a paper the town sent."""

from portal.documents import sending
from portal.documents.bodies import FileLink
from portal.http import CitizenRequest, Response, endpoint


@endpoint(
    "get_received_pdf", auth="citizen", responses={200: FileLink}, errors=("family_not_found", "document_not_found")
)
def handler(request: CitizenRequest) -> Response:
    """A presigned link to the paper's PDF, valid 5 minutes, served as an attachment."""
    path = request.path
    url, seconds = sending.received_link(request.principal, path["family_id"], path["document_id"])
    return Response(200, {"url": url, "expires_in": seconds})
