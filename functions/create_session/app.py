"""POST /{tenant}/sessions: log in with email and password."""

from portal.accounts import sessions
from portal.accounts.bodies import AccessToken, Credentials
from portal.accounts.tokens import LIFETIME_SECONDS
from portal.http import Request, Response, endpoint


@endpoint(
    "create_session",
    body=Credentials,
    responses={200: AccessToken},
    errors=("invalid_credentials", "account_not_activated", "too_many_attempts"),
)
def handler(request: Request[Credentials]) -> Response:
    """Log in with email and password."""
    token = sessions.login(request.tenant, request.body.email, request.body.password)
    return Response(200, AccessToken(access_token=token, expires_in=LIFETIME_SECONDS))
