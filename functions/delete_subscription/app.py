"""DELETE /{tenant}/subscriptions/{family_id}: stop following a family."""

from portal.domain import subscriptions
from portal.http import Request, Response, endpoint


@endpoint("delete_subscription", auth="citizen", responses={204: None}, errors=("subscription_not_found",))
def handler(request: Request[None]) -> Response:
    assert request.principal is not None
    subscriptions.unsubscribe(request.principal, request.path["family_id"])
    return Response(204)
