"""POST /{tenant}/children/{child_id}/enrolment-requests: a follower asks to enrol a child in an activity."""

from portal.enrolments import asking
from portal.enrolments.bodies import EnrolmentRequestIn
from portal.http import CitizenRequest, Response, endpoint
from portal.requests.bodies import RequestOut


@endpoint(
    "request_enrolment",
    auth="citizen",
    body=EnrolmentRequestIn,
    responses={201: RequestOut},
    errors=(
        "child_not_found",
        "activity_not_found",
        "invalid_date",
        "already_enrolled",
        "enrolment_closed",
        "not_eligible",
        "too_many_attempts",
        "request_pending",
    ),
)
def handler(request: CitizenRequest[EnrolmentRequestIn]) -> Response:
    """An ``enrolment`` request, listing the papers the activity requires that are still missing."""
    body = request.body
    found = asking.ask(request.principal, request.path["child_id"], body.activity_id, body.first, body.comment)
    return Response(201, found)
