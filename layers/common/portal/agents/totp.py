"""The agents' second factor: TOTP (RFC 6238), 6 digits, 30-second steps, SHA-1, base32 secrets (what every
authenticator application reads). A code is accepted in its step or the one before or after (a clock a
little off), and used once (the step taken is stored: ``store.use_step``).

A secret is stored sealed (AES-256-GCM, ``platform.envelope``'s format) under a key derived from the signing
secret, the tenant and the agent as associated data: the table alone, or a function reading it without the
signing secret, never yields an agent's second factor."""

from __future__ import annotations

import hmac

import pyotp

from portal.kernel.ids import TenantSlug
from portal.platform import envelope
from portal.platform.signing import purpose_key

STEP_SECONDS = 30
WINDOW = 1  # steps either side


def new_secret() -> str:
    return pyotp.random_base32()


def seal(tenant: TenantSlug, agent_id: str, secret: str) -> bytes:
    return envelope.seal(_key(), tenant, f"agent:{agent_id}", secret.encode())


def opened(tenant: TenantSlug, agent_id: str, sealed: bytes) -> str:
    return envelope.open_sealed(_key(), tenant, f"agent:{agent_id}", sealed).decode()


def _key() -> envelope.DataKey:
    return envelope.DataKey(b"", purpose_key("totp"))


def uri(secret: str, email: str, issuer: str) -> str:
    return pyotp.TOTP(secret).provisioning_uri(name=email, issuer_name=issuer)


def matching_step(secret: str, code: str, now: float) -> int | None:
    """The time step whose code ``code`` is at ``now`` (epoch seconds): this one, or one either side; or None."""
    generator = pyotp.TOTP(secret, interval=STEP_SECONDS)
    current = int(now // STEP_SECONDS)
    given = code.encode("utf-8", "surrogatepass")  # as bytes: any text a client sends compares, and fails
    found = None
    for step in range(current - WINDOW, current + WINDOW + 1):
        # Every step is compared, in constant time: how long it takes says nothing of which one matched.
        if hmac.compare_digest(generator.at(step * STEP_SECONDS).encode(), given) and found is None:
            found = step
    return found
