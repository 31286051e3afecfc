"""Access tokens: HS256 JWTs bound to one tenant and one kind of caller, one hour at most for a citizen.

The algorithm is pinned on decode (no ``alg=none``, no algorithm confusion);
issuer, audience (the kind and the tenant: ``tenant:{t}`` for a citizen,
``agent:{t}`` for a town's agent, so that neither's token passes for the
other's), expiry, issue time, subject and ``jti`` are all required. The key is
derived from the Secrets Manager secret.
"""

from __future__ import annotations

import secrets
import time
from dataclasses import dataclass

import jwt

from portal.kernel.ids import TenantSlug
from portal.platform.config import settings
from portal.platform.errors import Unauthorized
from portal.platform.signing import purpose_key

ALGORITHM = "HS256"
LIFETIME_SECONDS = 3600


@dataclass(frozen=True)
class Claims:
    tenant: TenantSlug
    account_id: str
    jti: str
    expires_at: int
    generation: int  # the account's token generation when issued (``gen``)


def audience(tenant: TenantSlug, kind: str = "tenant") -> str:
    return f"{kind}:{tenant}"


def issue(
    tenant: TenantSlug, account_id: str, generation: int, *, kind: str = "tenant", lifetime: int = LIFETIME_SECONDS
) -> str:
    now = int(time.time())
    payload = {
        "iss": settings().token_issuer,
        "aud": audience(tenant, kind),
        "sub": account_id,
        "iat": now,
        "exp": now + lifetime,
        "jti": secrets.token_urlsafe(16),
        "gen": generation,
    }
    return jwt.encode(payload, purpose_key("jwt"), algorithm=ALGORITHM)


def verify(token: str, tenant: TenantSlug, *, kind: str = "tenant", lifetime: int = LIFETIME_SECONDS) -> Claims:
    try:
        payload = jwt.decode(
            token,
            purpose_key("jwt"),
            algorithms=[ALGORITHM],
            audience=audience(tenant, kind),
            issuer=settings().token_issuer,
            options={"require": ["iss", "aud", "sub", "iat", "exp", "jti", "gen"]},
        )
    except jwt.PyJWTError:
        raise Unauthorized() from None
    if (
        payload["exp"] - payload["iat"] > lifetime
        or not isinstance(payload["sub"], str)
        or type(payload["gen"]) is not int
    ):
        raise Unauthorized()
    return Claims(
        tenant=tenant,
        account_id=payload["sub"],
        jti=str(payload["jti"]),
        expires_at=int(payload["exp"]),
        generation=payload["gen"],
    )
