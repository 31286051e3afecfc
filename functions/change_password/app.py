"""PUT /{tenant}/me/password: change the password (the current one required)."""

from portal.accounts import account_care
from portal.accounts.bodies import AccessToken, PasswordChange
from portal.accounts.tokens import LIFETIME_SECONDS
from portal.http import CitizenRequest, Response, endpoint
from portal.platform.errors import PASSWORD_CODES


@endpoint(
    "change_password",
    auth="citizen",
    body=PasswordChange,
    responses={200: AccessToken},
    errors=("wrong_password", "too_many_attempts", *PASSWORD_CODES),
)
def handler(request: CitizenRequest[PasswordChange]) -> Response:
    """Change the password; earlier tokens stop working and a new one is returned."""
    body = request.body
    token = account_care.change_password(
        request.tenant, request.principal, body.current_password, body.password, body.password_confirmation
    )
    return Response(200, AccessToken(access_token=token, expires_in=LIFETIME_SECONDS))
