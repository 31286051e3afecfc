"""GET /{tenant}/me: the logged-in citizen's profile."""

from portal.domain.accounts import rfc3339
from portal.http import Request, Response, endpoint
from portal.schemas.accounts import Profile


@endpoint("get_me", auth="citizen", responses={200: Profile})
def handler(request: Request[None]) -> Response:
    assert request.principal is not None
    account = request.principal.account
    return Response(
        200,
        Profile(
            civility=account.civility,
            last_name=account.last_name,
            first_name=account.first_name,
            email=account.email,
            created_at=rfc3339(account.created_at),
        ),
    )
