"""PUT /{tenant}/admin/invoices/{invoice_id}/pdf: store an invoice's PDF."""

from portal.billing.documents import store_pdf
from portal.http import Request, Response, endpoint
from portal.platform.objects import PDF_LIMIT


@endpoint(
    "upload_invoice_pdf",
    auth="admin",
    raw=("application/pdf", PDF_LIMIT),
    responses={204: None},
    errors=("not_a_pdf", "invoice_not_found"),
)
def handler(request: Request) -> Response:
    """Store an invoice's PDF."""
    store_pdf(request.tenant.slug, request.path["invoice_id"], request.raw_body)
    return Response(204)
