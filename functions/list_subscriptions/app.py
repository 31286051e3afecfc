"""GET /{tenant}/subscriptions: the families this account follows."""

from portal.billing import subscriptions
from portal.billing.bodies import SubscriptionList
from portal.http import CitizenRequest, Response, endpoint


@endpoint("list_subscriptions", auth="citizen", responses={200: SubscriptionList})
def handler(request: CitizenRequest) -> Response:
    """The families this account follows."""
    return Response(200, subscriptions.list_subscriptions(request.principal))
