"""POST /{tenant}/accounts/email-confirmation: confirm a new login email from its link."""

from portal.accounts import email_change
from portal.accounts.bodies import EmailConfirmation, Status
from portal.http import Request, Response, endpoint


@endpoint("confirm_email", body=EmailConfirmation, responses={200: Status}, errors=("invalid_email_token",))
def handler(request: Request[EmailConfirmation]) -> Response:
    """Confirm a new login email with the link sent to it (no login needed)."""
    email_change.confirm_change(request.tenant, request.body.token)
    return Response(200, Status(status="email_changed"))
