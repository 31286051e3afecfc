"""GET /{tenant}/children/{child_id}/activities: the activities a child may be enrolled in now."""

from portal.enrolments import asking
from portal.enrolments.bodies import OpenActivitiesOut
from portal.http import CitizenRequest, Response, endpoint


@endpoint(
    "list_child_activities",
    auth="citizen",
    responses={200: OpenActivitiesOut},
    errors=("child_not_found",),
)
def handler(request: CitizenRequest) -> Response:
    """The activities open to enrolment requests now for which the child is eligible, with their status."""
    return Response(200, asking.open_activities(request.principal, request.path["child_id"]))
