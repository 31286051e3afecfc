"""PUT /{tenant}/admin/family-documents/{document_id}/pdf: the PDF of a paper the town sends."""

from portal.documents.sending import store_pdf
from portal.http import Request, Response, endpoint
from portal.platform.objects import PDF_LIMIT


@endpoint(
    "upload_family_document_pdf",
    auth="admin",
    raw=("application/pdf", PDF_LIMIT),
    responses={204: None},
    errors=("not_a_pdf", "document_not_found"),
)
def handler(request: Request) -> Response:
    """Store the paper's PDF; its family's followers are mailed once that it arrived."""
    store_pdf(request.tenant.slug, request.path["document_id"], request.raw_body)
    return Response(204)
