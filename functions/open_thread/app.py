"""POST /{tenant}/threads: a parent writes to a service of the town (a new thread)."""

from portal.http import CitizenRequest, Response, endpoint
from portal.threads import writing
from portal.threads.bodies import NewThread, ThreadOut


@endpoint(
    "open_thread",
    auth="citizen",
    body=NewThread,
    responses={201: ThreadOut},
    errors=("unknown_service", "family_not_found", "document_not_found", "invalid_text", "too_many_messages"),
)
def handler(request: CitizenRequest[NewThread]) -> Response:
    """The thread with its first message; the service's mailbox is told (never the text)."""
    body = request.body
    opened = writing.open_thread(
        request.principal, body.service_id, body.subject, body.text, body.family_id, body.document_ids
    )
    return Response(201, opened)
