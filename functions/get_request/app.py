"""GET /{tenant}/requests/{request_id}: one request of a family followed."""

from portal.http import CitizenRequest, Response, endpoint
from portal.requests import asking
from portal.requests.bodies import RequestOut


@endpoint("get_request", auth="citizen", responses={200: RequestOut}, errors=("request_not_found",))
def handler(request: CitizenRequest) -> Response:
    """The request as it is now: its status, and the town's decision and reason once decided."""
    return Response(200, asking.one(request.principal, request.path["request_id"]))
