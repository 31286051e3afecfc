"""POST /{tenant}/agent/sessions: an agent logs in with email, password and a TOTP code."""

from portal.agents import sessions
from portal.agents.bodies import AgentCredentials, AgentSessionOut
from portal.http import Request, Response, endpoint


@endpoint(
    "create_agent_session",
    body=AgentCredentials,
    responses={200: AgentSessionOut},
    errors=("invalid_credentials", "too_many_attempts"),
)
def handler(request: Request[AgentCredentials]) -> Response:
    """Log in with email, password and a 6-digit code (each code once): a token of at most 8 hours."""
    body = request.body
    token = sessions.login(request.tenant, body.email, body.password, body.code)
    return Response(200, {"access_token": token, "token_type": "Bearer", "expires_in": sessions.LIFETIME_SECONDS})
