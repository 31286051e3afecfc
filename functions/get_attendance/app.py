"""GET /{tenant}/admin/activities/{activity_id}/attendance: a day's list for the kitchen and the staff."""

from portal.bookings import admin
from portal.bookings.bodies import AttendanceOut, AttendanceQuery
from portal.http import Response, TownCall, endpoint


@endpoint(
    "get_attendance",
    auth="town",
    permissions=("attendance",),
    params=AttendanceQuery,
    responses={200: AttendanceOut},
    errors=("activity_not_found", "permission_denied"),
)
def handler(request: TownCall[None, AttendanceQuery]) -> Response:
    """A day's list of an activity: per unit, places taken, waiting, absent, and the children."""
    return Response(200, admin.attendance(request.tenant, request.path["activity_id"], request.params.date))
