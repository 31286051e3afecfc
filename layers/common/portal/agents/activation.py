"""An agent's invitation used: a password (the citizens' rules, 12 characters at least) and a TOTP secret
(RFC 6238: 6 digits, 30 seconds, SHA-1, base32), shown once. The link works once and for 72 hours."""

from __future__ import annotations

from dataclasses import dataclass

from portal.accounts import links
from portal.agents import roster, store, totp
from portal.agents.model import INVITED
from portal.platform.errors import InvalidInvitationToken
from portal.tenancy.model import Tenant

MIN_LENGTH = 12


@dataclass(frozen=True)
class Enrolled:
    totp_secret: str
    otpauth_uri: str


def activate(tenant: Tenant, token: str, password: str, confirmation: str) -> Enrolled:
    """Set the agent's password and second factor from its invitation; 400 for a link unknown, used or
    expired, 422 for a password that breaks the rules (the link still works then)."""
    from portal.accounts import passwords  # argon2 and the password list: this route and log in only

    agent_id = links.account_of(token)
    agent = store.get(tenant.slug, agent_id) if agent_id else None
    digest = links.digest(token)
    if (
        agent is None
        or agent.status != INVITED
        or agent.invitation_digest != digest
        or not roster.invitation_live(agent)
    ):
        raise InvalidInvitationToken()
    passwords.check_new_password(password, confirmation, min_length=MIN_LENGTH)
    secret = totp.new_secret()
    sealed = totp.seal(tenant.slug, agent.agent_id, secret)
    if not store.activate(tenant.slug, agent.agent_id, digest, passwords.hash_password(password), sealed):
        raise InvalidInvitationToken()  # used by a request at the same moment
    return Enrolled(secret, totp.uri(secret, agent.email, tenant.name))
