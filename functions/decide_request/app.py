"""POST /{tenant}/admin/requests/{request_id}/decision: the town accepts or refuses a request."""

from portal.http import Response, TownCall, endpoint
from portal.requests import town
from portal.requests.bodies import DecisionBody, RequestOut


@endpoint(
    "decide_request",
    auth="town",
    permissions=("requests",),
    body=DecisionBody,
    responses={200: RequestOut},
    errors=(
        "request_not_found",
        "request_not_pending",
        "reason_required",
        "invalid_text",
        "permission_denied",
        "enrolment_impossible",
    ),
)
def handler(request: TownCall[DecisionBody]) -> Response:
    """The request decided (a refusal with its reason); the same decision again changes nothing."""
    body = request.body
    decided = town.decide(request.tenant.slug, request.path["request_id"], body.decision, body.reason, request.caller)
    return Response(200, decided)
