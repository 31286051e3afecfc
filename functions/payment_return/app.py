"""GET|POST /{tenant}/payments/{transaction_id}/return: the parent's browser, back from the provider."""

from portal.http import Request, Response, endpoint
from portal.payments import online as payments


@endpoint("payment_return", responses={303: None})
def handler(request: Request) -> Response:
    """The parent's browser back from the provider: settle, then on to the portal's payment screen."""
    location = payments.returned(request.tenant, request.path["transaction_id"])
    return Response(303, headers={"Location": location})
