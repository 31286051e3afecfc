"""GET /{tenant}/threads: the account's threads, latest activity first, with their unread counts."""

from portal.http import CitizenRequest, Response, endpoint
from portal.threads import writing
from portal.threads.bodies import ThreadList, ThreadQuery


@endpoint("list_threads", auth="citizen", params=ThreadQuery, responses={200: ThreadList}, errors=("invalid_cursor",))
def handler(request: CitizenRequest[None, ThreadQuery]) -> Response:
    """A page of the account's threads."""
    return Response(200, writing.listed(request.principal, request.params.limit, request.params.cursor))
