"""GET /{tenant}/children/{child_id}/calendar: a child's open days of an activity, each unit with its booking."""

from portal.bookings import views
from portal.bookings.bodies import CalendarOut, CalendarQuery
from portal.enrolments.gate import file_refusal
from portal.http import CitizenRequest, Response, endpoint


@endpoint(
    "get_calendar",
    auth="citizen",
    params=CalendarQuery,
    responses={200: CalendarOut},
    errors=("child_not_found", "activity_not_found", "invalid_range", "range_too_long"),
)
def handler(request: CitizenRequest[None, CalendarQuery]) -> Response:
    """A child's calendar of an activity (at most 62 days): each open day's units, status, deadlines, places."""
    query = request.params
    child_id = request.path["child_id"]
    found = views.calendar(request.principal, child_id, query.activity_id, query.first, query.last, file_refusal)
    return Response(200, found)
