"""GET /{tenant}/me: the logged-in citizen's profile."""

from portal.accounts import account_care
from portal.accounts.bodies import Profile
from portal.http import CitizenRequest, Response, endpoint


@endpoint("get_me", auth="citizen", responses={200: Profile})
def handler(request: CitizenRequest) -> Response:
    """The logged-in citizen's profile."""
    return Response(200, account_care.profile(request.principal.account))
