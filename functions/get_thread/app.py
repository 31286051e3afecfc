"""GET /{tenant}/threads/{thread_id}: a thread with its messages; reading it sets its unread count to 0."""

from portal.http import CitizenRequest, Response, endpoint
from portal.threads import writing
from portal.threads.bodies import ThreadOut


@endpoint("get_thread", auth="citizen", responses={200: ThreadOut}, errors=("thread_not_found",))
def handler(request: CitizenRequest) -> Response:
    """The account's thread, its messages in order (another account's: 404)."""
    return Response(200, writing.read(request.principal, request.path["thread_id"]))
