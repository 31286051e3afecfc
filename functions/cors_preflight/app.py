"""OPTIONS /{tenant}/{proxy+}: answer CORS preflights for the tenant's portal origins."""

from portal.http import CORS_ALLOWED_HEADERS, CORS_ALLOWED_METHODS, Request, Response, endpoint


@endpoint("cors_preflight", responses={204: None})
def handler(request: Request) -> Response:
    """Answer a CORS preflight for the tenant's portal origins."""
    if request.headers.get("origin") not in request.tenant.allowed_origins:
        return Response(204)  # no CORS headers: the browser refuses the call
    return Response(
        204,
        headers={
            "Access-Control-Allow-Methods": CORS_ALLOWED_METHODS,
            "Access-Control-Allow-Headers": CORS_ALLOWED_HEADERS,
            "Access-Control-Max-Age": "600",
        },
    )
