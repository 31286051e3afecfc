"""GET /{tenant}/children: the children of the families followed, with their activities."""

from portal.bookings import views
from portal.bookings.bodies import ChildrenList
from portal.http import CitizenRequest, Response, endpoint
from portal.kernel import clock


@endpoint("list_children", auth="citizen", responses={200: ChildrenList})
def handler(request: CitizenRequest) -> Response:
    """The children of the families followed, each with the activities it is enrolled in."""
    return Response(200, views.children(request.principal, clock.today()))
