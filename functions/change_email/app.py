"""POST /{tenant}/me/email: change the login email, confirmed from the new address."""

from portal.accounts import email_change
from portal.accounts.bodies import EmailChange, Status
from portal.http import CitizenRequest, Response, endpoint


@endpoint(
    "change_email",
    auth="citizen",
    body=EmailChange,
    responses={202: Status},
    errors=("wrong_password", "email_unchanged", "too_many_attempts"),
)
def handler(request: CitizenRequest[EmailChange]) -> Response:
    """Ask to log in with another email: a link goes to it, a notice to the current one."""
    body = request.body
    email_change.request_change(request.tenant, request.principal, body.new_email, body.current_password)
    return Response(202, Status(status="confirmation_sent"))
