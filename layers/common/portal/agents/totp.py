"""The agents' second factor: TOTP (RFC 6238), 6 digits, 30-second steps, SHA-1, base32 secrets (what every
authenticator application reads). A code is accepted in its step or the one before or after (a clock a
little off), and used once (the step taken is stored: ``store.use_step``)."""

from __future__ import annotations

import hmac

import pyotp

STEP_SECONDS = 30
WINDOW = 1  # steps either side


def new_secret() -> str:
    return pyotp.random_base32()


def uri(secret: str, email: str, issuer: str) -> str:
    return pyotp.TOTP(secret).provisioning_uri(name=email, issuer_name=issuer)


def matching_step(secret: str, code: str, now: float) -> int | None:
    """The time step whose code ``code`` is at ``now`` (epoch seconds): this one, or one either side; or None."""
    moment = now
    generator = pyotp.TOTP(secret, interval=STEP_SECONDS)
    current = int(moment // STEP_SECONDS)
    given = code.encode("utf-8", "surrogatepass")  # as bytes: any text a client sends compares, and fails
    found = None
    for step in range(current - WINDOW, current + WINDOW + 1):
        # Every step is compared, in constant time: how long it takes says nothing of which one matched.
        if hmac.compare_digest(generator.at(step * STEP_SECONDS).encode(), given) and found is None:
            found = step
    return found
