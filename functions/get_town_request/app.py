"""GET /{tenant}/admin/requests/{request_id}: one request as the town reads it."""

from portal.http import Response, TownCall, endpoint
from portal.requests import town
from portal.requests.bodies import TownRequestOut


@endpoint(
    "get_town_request",
    auth="town",
    permissions=("requests",),
    responses={200: TownRequestOut},
    errors=("request_not_found", "permission_denied"),
)
def handler(request: TownCall) -> Response:
    """A request with who asked, as the feed lists it but at once (what an agent opens from its inbox; its
    reading of a file change's health values is audited)."""
    return Response(200, town.one(request.tenant.slug, request.path["request_id"], request.caller))
