"""POST /{tenant}/threads/{thread_id}/messages: a parent writes again in its thread."""

from portal.http import CitizenRequest, Response, endpoint
from portal.threads import writing
from portal.threads.bodies import MessageOut, NewMessage


@endpoint(
    "post_message",
    auth="citizen",
    body=NewMessage,
    responses={201: MessageOut},
    errors=("thread_not_found", "thread_closed", "document_not_found", "invalid_text", "too_many_messages"),
)
def handler(request: CitizenRequest[NewMessage]) -> Response:
    """The message written (409 once the town closed the thread)."""
    body = request.body
    return Response(201, writing.reply(request.principal, request.path["thread_id"], body.text, body.document_ids))
