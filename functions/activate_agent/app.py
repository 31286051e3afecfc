"""POST /{tenant}/agent/activation: an agent's invitation used: its password, and its TOTP secret shown once."""

from portal.agents import activation
from portal.agents.bodies import AgentActivation, TotpEnrolment
from portal.http import Request, Response, endpoint
from portal.platform.errors import PASSWORD_CODES


@endpoint(
    "activate_agent",
    body=AgentActivation,
    responses={200: TotpEnrolment},
    errors=("invalid_invitation_token", *PASSWORD_CODES),
)
def handler(request: Request[AgentActivation]) -> Response:
    """Choose a password (12 characters at least) from the invitation; the TOTP secret, shown this once."""
    body = request.body
    return Response(200, activation.activate(request.tenant, body.token, body.password, body.password_confirmation))
