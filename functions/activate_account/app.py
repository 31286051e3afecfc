"""POST /{tenant}/accounts/activation: use the link's token, once."""

from portal.accounts import registration
from portal.accounts.bodies import Activated, Activation
from portal.http import Request, Response, endpoint


@endpoint("activate_account", body=Activation, responses={200: Activated}, errors=("invalid_activation_token",))
def handler(request: Request[Activation]) -> Response:
    """Activate an account with the mailed link's token (once); a contested one then needs a password."""
    reset_token = registration.activate(request.tenant, request.body.token)
    if reset_token is None:
        return Response(200, Activated(status="active"))
    return Response(200, Activated(status="password_required", token=reset_token))
