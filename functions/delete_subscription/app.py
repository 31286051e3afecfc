"""DELETE /{tenant}/subscriptions/{family_id}: stop following a family."""

from portal.billing import subscriptions
from portal.http import CitizenRequest, Response, endpoint


@endpoint("delete_subscription", auth="citizen", responses={204: None}, errors=("subscription_not_found",))
def handler(request: CitizenRequest) -> Response:
    """Stop following a family."""
    subscriptions.unsubscribe(request.principal, request.path["family_id"])
    return Response(204)
