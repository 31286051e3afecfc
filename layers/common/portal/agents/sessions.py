"""An agent's log in (email, password and a TOTP code), who calls a town route, and log out.

Attempts are throttled per email (known or not), 5 per 15 minutes, counted before anything is checked; every
path verifies a password hash and computes TOTP codes (a dummy secret for an unknown email), so neither the
answer nor its time tells a wrong email from a wrong password or a wrong code. A code is used once: its step
is taken by a conditional write, so a code replayed, even at the same moment, is refused.
"""

from __future__ import annotations

import time
from dataclasses import dataclass

from portal.accounts import tokens
from portal.agents import audit, store, totp
from portal.agents.model import ACTIVE, Agent
from portal.kernel import clock
from portal.platform.errors import InvalidCredentials, Unauthorized
from portal.platform.throttle import Throttle, email_subject
from portal.tenancy.model import Tenant

LOGIN_THROTTLE = Throttle("agent_login")
KIND = "agent"  # the tokens' audience: agent:{tenant}, never a citizen's
LIFETIME_SECONDS = 8 * 3600
_UNKNOWN = totp.new_secret()  # the codes an unknown email is checked against: nobody's


@dataclass(frozen=True)
class AgentSession:
    """An agent calling with a token: the token's claims and the agent read once."""

    claims: tokens.Claims
    agent: Agent


def login(tenant: Tenant, email: str, password: str, code: str) -> str:
    """A token of at most 8 hours; 401 ``invalid_credentials`` for any of the three wrong, one body."""
    from portal.accounts import passwords  # argon2 and the password list: log in and activation only

    subject = email_subject(email)
    LOGIN_THROTTLE.take(tenant.slug, subject)  # counted before any check: 5 checked at most in a window
    agent = store.by_email(tenant.slug, email)
    right_password = passwords.verify_password(agent.password_hash if agent else None, password)
    sealed = agent.totp_secret if agent else None
    secret = totp.opened(tenant.slug, agent.agent_id, sealed) if agent and sealed else _UNKNOWN
    step = totp.matching_step(secret, code, clock.now().timestamp())
    if agent is None or not right_password or step is None or agent.status != ACTIVE:
        raise InvalidCredentials("Wrong email, password or code")
    if not store.use_step(tenant.slug, agent.agent_id, step):
        raise InvalidCredentials("Wrong email, password or code")  # a code used already
    LOGIN_THROTTLE.reset(tenant.slug, subject)
    audit.record(tenant.slug, agent.agent_id, "login", f"agent:{agent.agent_id}")
    return tokens.issue(tenant.slug, agent.agent_id, agent.token_generation, kind=KIND, lifetime=LIFETIME_SECONDS)


def authenticate(tenant: Tenant, bearer: str) -> AgentSession:
    """The agent a token names: 401 once it is removed, logged out or the token forged or another tenant's."""
    claims = tokens.verify(bearer, tenant.slug, kind=KIND, lifetime=LIFETIME_SECONDS)
    agent = store.get(tenant.slug, claims.account_id)
    if (
        agent is None
        or agent.status != ACTIVE
        or claims.generation != agent.token_generation
        or claims.jti in agent.revoked_tokens
    ):
        raise Unauthorized()
    return AgentSession(claims, agent)


def logout(session: AgentSession) -> None:
    now = time.time()
    expired = [jti for jti, expiry in session.agent.revoked_tokens.items() if expiry < now]
    c = session.claims
    store.revoke_token(c.tenant, c.account_id, c.jti, c.expires_at, expired)
