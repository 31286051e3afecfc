"""POST /{tenant}/accounts/activation: use the link's token, once."""

from portal.domain import registration
from portal.http import Request, Response, endpoint
from portal.schemas.accounts import Activation, Status


@endpoint("activate_account", body=Activation, responses={200: Status}, errors=("invalid_activation_token",))
def handler(request: Request[Activation]) -> Response:
    """Activate an account with the mailed link's token (once)."""
    registration.activate(request.tenant, request.body.token)
    return Response(200, Status(status="active"))
