"""POST /{tenant}/me/deletion: delete the account (the current password required)."""

from portal.accounts import account_care
from portal.accounts.bodies import PasswordConfirmation
from portal.http import CitizenRequest, Response, endpoint


@endpoint(
    "delete_me",
    auth="citizen",
    body=PasswordConfirmation,
    responses={204: None},
    errors=("wrong_password", "too_many_attempts"),
)
def handler(request: CitizenRequest[PasswordConfirmation]) -> Response:
    """Delete my account, its subscriptions and sessions; the municipality's data stays."""
    account_care.delete_account(request.tenant, request.principal, request.body.current_password)
    return Response(204)
