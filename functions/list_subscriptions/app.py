"""GET /{tenant}/subscriptions: the families this account follows."""

from portal.domain import subscriptions
from portal.http import Request, Response, endpoint
from portal.schemas.billing import SubscriptionList


@endpoint("list_subscriptions", auth="citizen", responses={200: SubscriptionList})
def handler(request: Request[None]) -> Response:
    assert request.principal is not None
    return Response(200, SubscriptionList(items=subscriptions.list_subscriptions(request.principal)))
