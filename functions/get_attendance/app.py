"""GET /{tenant}/admin/activities/{activity_id}/attendance: a day's list for the kitchen and the staff."""

from portal.bookings import admin
from portal.bookings.bodies import AttendanceOut, AttendanceQuery
from portal.http import Request, Response, endpoint


@endpoint(
    "get_attendance",
    auth="admin",
    params=AttendanceQuery,
    responses={200: AttendanceOut},
    errors=("activity_not_found",),
)
def handler(request: Request[None, AttendanceQuery]) -> Response:
    """A day's list of an activity: per unit, places taken, waiting, absent, and the children."""
    return Response(200, admin.attendance(request.tenant, request.path["activity_id"], request.params.date))
