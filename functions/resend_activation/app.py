"""POST /{tenant}/accounts/activation-email: send a fresh activation link."""

from portal.accounts import registration
from portal.accounts.bodies import ResendActivation, Status
from portal.http import Request, Response, endpoint


@endpoint("resend_activation", body=ResendActivation, responses={202: Status})
def handler(request: Request[ResendActivation]) -> Response:
    """Send a fresh activation link."""
    registration.resend_activation(request.tenant, request.body.email)
    return Response(202, Status(status="pending_activation"))
