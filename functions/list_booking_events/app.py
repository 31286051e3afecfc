"""GET /{tenant}/admin/bookings: every booking change since a moment, oldest first, for the town's software."""

from portal.bookings import admin
from portal.bookings.bodies import BookingFeed, FeedQuery
from portal.http import Request, Response, endpoint


@endpoint(
    "list_booking_events", auth="admin", params=FeedQuery, responses={200: BookingFeed}, errors=("invalid_cursor",)
)
def handler(request: Request[None, FeedQuery]) -> Response:
    """Every booking change since a moment (booked, waiting, cancelled, absent and why), oldest first."""
    return Response(200, admin.feed(request.tenant, request.params.since, request.params.cursor))
