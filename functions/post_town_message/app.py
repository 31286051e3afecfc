"""POST /{tenant}/admin/threads/{thread_id}/messages: the town answers in a thread."""

from portal.http import Response, TownCall, endpoint
from portal.threads import town
from portal.threads.bodies import MessageOut, TownMessage


@endpoint(
    "post_town_message",
    auth="town",
    permissions=("messages",),
    body=TownMessage,
    responses={201: MessageOut},
    errors=("thread_not_found", "thread_closed", "invalid_text", "permission_denied"),
)
def handler(request: TownCall[TownMessage]) -> Response:
    """The message written, signed by the agent who writes it (or the body's author); the account is
    mailed once, without the text."""
    body = request.body
    written = town.answer(request.tenant.slug, request.path["thread_id"], body.text, body.author, request.caller)
    return Response(201, written)
