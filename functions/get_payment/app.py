"""GET /{tenant}/payments/{transaction_id}: an online payment's status, asked of the provider while pending."""

from portal.http import CitizenRequest, Response, endpoint
from portal.payments import online as payments
from portal.payments.bodies import OnlinePayment


@endpoint("get_payment", auth="citizen", responses={200: OnlinePayment}, errors=("payment_not_found",))
def handler(request: CitizenRequest) -> Response:
    """An online payment's status; a pending one is first asked of the provider."""
    found = payments.status(request.tenant, request.principal, request.path["transaction_id"])
    return Response(200, found)
