"""POST /{tenant}/accounts/password-reset: mail a link to choose a new password."""

from portal.accounts import recovery
from portal.accounts.bodies import PasswordResetRequest, Status
from portal.http import Request, Response, endpoint


@endpoint("request_password_reset", body=PasswordResetRequest, responses={202: Status})
def handler(request: Request[PasswordResetRequest]) -> Response:
    """Mail a link to choose a new password (the same answer whatever the email)."""
    recovery.request_reset(request.tenant, request.body.email)
    return Response(202, Status(status="accepted"))
