"""GET /{tenant}/invoices: the invoices of the families followed, newest first, filtered and paged."""

from portal.billing.bodies import InvoicePage, InvoiceQuery
from portal.billing.space import Filters, list_invoices
from portal.http import CitizenRequest, Response, endpoint


@endpoint(
    "list_invoices", auth="citizen", params=InvoiceQuery, responses={200: InvoicePage}, errors=("invalid_cursor",)
)
def handler(request: CitizenRequest[None, InvoiceQuery]) -> Response:
    """The invoices of the families followed, newest first, filtered and paged."""
    page = list_invoices(request.principal, Filters(**request.params.model_dump()))
    return Response(200, page)
