"""POST /{tenant}/me/deletion: delete the account (the current password required)."""

from portal.accounts.bodies import PasswordConfirmation
from portal.http import CitizenRequest, Response, endpoint
from portal.privacy import erasure


@endpoint(
    "delete_me",
    auth="citizen",
    body=PasswordConfirmation,
    responses={204: None},
    errors=("wrong_password", "too_many_attempts"),
)
def handler(request: CitizenRequest[PasswordConfirmation]) -> Response:
    """Delete my account, its subscriptions, sessions and threads; the municipality's data stays."""
    erasure.delete_account(request.tenant, request.principal, request.body.current_password)
    return Response(204)
