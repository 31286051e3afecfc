"""GET /{tenant}/admin/online-payments: paid online payments, oldest first, for the billing software."""

from portal.http import Request, Response, endpoint
from portal.payments import online as payments
from portal.payments.bodies import FeedQuery, OnlinePaymentsFeed


@endpoint(
    "list_online_payments",
    auth="admin",
    params=FeedQuery,
    responses={200: OnlinePaymentsFeed},
    errors=("invalid_cursor",),
)
def handler(request: Request[None, FeedQuery]) -> Response:
    """The paid online payments since a date, oldest first, for the billing software to book."""
    since = request.params.since.isoformat()
    return Response(200, payments.feed(request.tenant, since, request.params.cursor))
