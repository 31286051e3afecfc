"""GET /{tenant}/invoices/{invoice_id}/pdf: a presigned link to the PDF, valid 5 minutes."""

from portal.billing.bodies import PdfLink
from portal.billing.space import pdf_link
from portal.http import CitizenRequest, Response, endpoint


@endpoint(
    "get_invoice_pdf", auth="citizen", responses={200: PdfLink}, errors=("invoice_not_found", "pdf_not_available")
)
def handler(request: CitizenRequest) -> Response:
    """A presigned link to the invoice's PDF, valid 5 minutes."""
    return Response(200, pdf_link(request.principal, request.path["invoice_id"]))
