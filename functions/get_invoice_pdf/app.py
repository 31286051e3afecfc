"""GET /{tenant}/invoices/{invoice_id}/pdf: a presigned link to the PDF, valid 5 minutes."""

from portal.domain.billing_space import pdf_link
from portal.http import Request, Response, endpoint
from portal.schemas.billing import PdfLink


@endpoint(
    "get_invoice_pdf", auth="citizen", responses={200: PdfLink}, errors=("invoice_not_found", "pdf_not_available")
)
def handler(request: Request[None]) -> Response:
    assert request.principal is not None
    return Response(200, PdfLink(**pdf_link(request.principal, request.path["invoice_id"])))
