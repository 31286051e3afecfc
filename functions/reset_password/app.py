"""POST /{tenant}/accounts/password: set a new password from the mailed link."""

from portal.accounts import recovery
from portal.accounts.bodies import NewPassword, Status
from portal.http import Request, Response, endpoint
from portal.platform.errors import PASSWORD_CODES


@endpoint("reset_password", body=NewPassword, responses={200: Status}, errors=("invalid_reset_token", *PASSWORD_CODES))
def handler(request: Request[NewPassword]) -> Response:
    """Set a new password from the mailed link; every earlier access token stops working."""
    body = request.body
    recovery.reset_password(request.tenant, body.token, body.password, body.password_confirmation)
    return Response(200, Status(status="password_changed"))
