"""GET /{tenant}/admin/audit: the agents' actions and readings since a moment."""

from portal.agents import audit
from portal.agents.bodies import AuditFeed
from portal.bookings.bodies import FeedQuery
from portal.http import Request, Response, endpoint


@endpoint("list_audit", auth="admin", params=FeedQuery, responses={200: AuditFeed}, errors=("invalid_cursor",))
def handler(request: Request[None, FeedQuery]) -> Response:
    """The audit log from a moment on, oldest first (append-only)."""
    return Response(200, audit.feed(request.tenant.slug, request.params.since, request.params.cursor))
