"""POST /{tenant}/payments/notifications/payfip: PayFiP says an operation has a result (public)."""

from portal.http import Request, Response, endpoint
from portal.payments import online as payments

FORM_LIMIT = 4096


@endpoint(
    "payfip_notification",
    raw=("application/x-www-form-urlencoded", FORM_LIMIT),
    responses={200: None},
)
def handler(request: Request) -> Response:
    """PayFiP's notification: the result is asked of PayFiP, never read from the body."""
    payments.notified(request.tenant, request.raw_body)
    return Response(200)
