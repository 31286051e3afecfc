"""Who calls a route (``Pipeline.auth``'s step): a citizen's bearer token, the tenant's admin key, an agent's
bearer token, or on a town route either of the last two, the agent's permissions checked. The token checks
load PyJWT and their areas when a route needs them, never at a function's start-up."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING

from portal.platform.errors import PermissionDenied, Unauthorized
from portal.tenancy.model import Tenant
from portal.tenancy.tenants import admin_key_matches

if TYPE_CHECKING:
    from portal.accounts.sessions import Principal
    from portal.agents.sessions import AgentSession


def citizen(tenant: Tenant, headers: dict[str, str]) -> Principal:
    from portal.accounts.sessions import authenticate  # loads PyJWT: citizen routes only (docs/benchmarks.md)

    return _bearer(headers, lambda token: authenticate(tenant, token))


def _bearer[C](headers: dict[str, str], authenticate: Callable[[str], C]) -> C:
    """The caller a bearer token names (``authenticate``), or 401 with the ``WWW-Authenticate`` it deserves."""
    scheme, _, token = headers.get("authorization", "").partition(" ")
    if scheme.lower() != "bearer" or not token.strip():
        raise Unauthorized(headers={"WWW-Authenticate": "Bearer"})
    try:
        return authenticate(token.strip())
    except Unauthorized as exc:
        exc.headers["WWW-Authenticate"] = 'Bearer error="invalid_token"'
        raise


def admin(tenant: Tenant, headers: dict[str, str]) -> None:
    if admin_key_matches(tenant, headers.get("x-api-key", "")):
        return
    if "x-api-key" not in headers and headers.get("authorization", "").lower().startswith("bearer "):
        try:
            agent(tenant, headers)
        except Unauthorized:
            pass
        else:  # an agent of this town, on a route of the admin key only
            raise PermissionDenied("This route takes the municipality's admin key only")
    raise Unauthorized("A valid X-Api-Key of this municipality is required")


@dataclass(frozen=True)
class Town:
    """The caller of a town or agent route, as ``Pipeline.auth`` hands it to ``Pipeline.request``."""

    session: AgentSession | None


def town(tenant: Tenant, headers: dict[str, str], permissions: tuple[str, ...]) -> Town:
    """The admin key (the town's software), else an agent's token with one of ``permissions``."""
    if "x-api-key" in headers or not headers.get("authorization"):
        admin(tenant, headers)
        return Town(None)
    session = agent(tenant, headers)
    if not set(session.agent.permissions) & set(permissions):
        raise PermissionDenied()
    return Town(session)


def agent(tenant: Tenant, headers: dict[str, str]) -> AgentSession:
    from portal.agents.sessions import authenticate  # PyJWT and the agents' store: town routes' callers only

    return _bearer(headers, lambda token: authenticate(tenant, token))
