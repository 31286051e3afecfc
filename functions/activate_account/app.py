"""POST /{tenant}/accounts/activation: use the link's token, once."""

from portal.domain import accounts
from portal.http import Request, Response, endpoint
from portal.schemas.accounts import Activation, Status


@endpoint("activate_account", body=Activation, responses={200: Status}, errors=("invalid_activation_token",))
def handler(request: Request[Activation]) -> Response:
    accounts.activate(request.tenant, request.body.token)
    return Response(200, Status(status="active"))
