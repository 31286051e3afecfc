"""POST /{tenant}/accounts/activation-email: send a fresh activation link."""

from portal.domain import registration
from portal.http import Request, Response, endpoint
from portal.schemas.accounts import ResendActivation, Status


@endpoint("resend_activation", body=ResendActivation, responses={202: Status})
def handler(request: Request[ResendActivation]) -> Response:
    """Send a fresh activation link."""
    registration.resend_activation(request.tenant, request.body.email)
    return Response(202, Status(status="pending_activation"))
