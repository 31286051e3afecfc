"""GET /{tenant}/invoices/{invoice_id}: one invoice with its lines, payments and family."""

from portal.billing.bodies import InvoiceDetail
from portal.billing.space import invoice_detail
from portal.http import CitizenRequest, Response, endpoint


@endpoint("get_invoice", auth="citizen", responses={200: InvoiceDetail}, errors=("invoice_not_found",))
def handler(request: CitizenRequest) -> Response:
    """One invoice with its lines, payments and family."""
    return Response(200, invoice_detail(request.principal, request.path["invoice_id"]))
