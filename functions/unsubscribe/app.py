"""POST /{tenant}/notifications/unsubscribe/{token}: one-click unsubscribe (RFC 8058), without logging in."""

from portal.accounts import unsubscribe
from portal.accounts.bodies import Unsubscribed
from portal.http import Request, Response, endpoint


@endpoint("unsubscribe", responses={200: Unsubscribed}, errors=("invalid_unsubscribe_link",))
def handler(request: Request) -> Response:
    """Turn one kind of notification mail off, from the mail's List-Unsubscribe link (any body)."""
    kind = unsubscribe.unsubscribe(request.tenant, request.path["token"])
    return Response(200, {"notification": kind})  # checked against Unsubscribed by @endpoint
