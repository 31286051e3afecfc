"""POST /{tenant}/requests/{request_id}/cancellation: a follower cancels a pending request."""

from portal.http import CitizenRequest, Response, endpoint
from portal.requests import asking
from portal.requests.bodies import RequestOut


@endpoint(
    "cancel_request", auth="citizen", responses={200: RequestOut}, errors=("request_not_found", "request_not_pending")
)
def handler(request: CitizenRequest) -> Response:
    """The request, cancelled; one no longer pending (decided, cancelled) is 409."""
    return Response(200, asking.cancel(request.principal, request.path["request_id"]))
