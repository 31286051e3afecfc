"""Browser routes: what the portal calls from its own origin, so what must answer a CORS preflight.

The rule, read from each route's ``@endpoint`` spec so that a new route follows it without a list
to keep: a citizen route (a bearer token), a town or agent route (the agents' console calls them
with an agent's token), or a public route taking a JSON body. A browser sends either only after a
preflight, since it is not a "simple" request. Not browser routes: admin routes (X-Api-Key only,
the billing software's server), PayFiP's notification (a form post from PayFiP's
server), the payment return (a page the browser navigates to) and the unsubscribe link (a mail
client's one-click POST), none of which a page calls with ``fetch``.

API Gateway sends a preflight to the most specific resource matching its path and never falls back
to ``/{tenant}/{proxy+}``: each browser route's resource needs its own OPTIONS method (template.yaml
gives it as a ``Preflight`` event on one of its functions; tests check the transformed template).
"""

from __future__ import annotations

from . import template
from .lambdas import handler_for


def is_browser_route(route: template.Route) -> bool:
    if route.method == "OPTIONS":
        return False
    spec = handler_for(route.function).spec
    return spec.auth in ("citizen", "town", "agent") or (spec.auth is None and spec.body is not None)


def browser_routes() -> list[template.Route]:
    return [route for route in template.routes() if is_browser_route(route)]


def browser_resources() -> set[str]:
    """The resource paths (API Gateway templates) that browser routes are on."""
    return {route.path for route in browser_routes()}
