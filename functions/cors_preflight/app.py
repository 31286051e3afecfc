"""OPTIONS /{tenant}/{proxy+}: CORS preflights on paths that no route declares.

Every endpoint answers OPTIONS as a preflight before its handler runs (portal.http), and each
browser route's resource has its own OPTIONS method in the template (API Gateway never falls
back to the proxy resource when a more specific one matches); this catch-all answers the same
for paths that no other resource matches.
"""

from portal.http import Request, Response, endpoint, preflight


@endpoint("cors_preflight", responses={204: None})
def handler(request: Request) -> Response:
    """Answer a CORS preflight for the tenant's portal origins."""
    return preflight(request.tenant, request.headers)  # what @endpoint answers any OPTIONS with
