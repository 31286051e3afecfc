"""PATCH /{tenant}/me: change names, civility and notification choices."""

from portal.accounts import account_care
from portal.accounts.bodies import Profile, ProfileChange
from portal.http import CitizenRequest, Response, endpoint


@endpoint("update_me", auth="citizen", body=ProfileChange, responses={200: Profile})
def handler(request: CitizenRequest[ProfileChange]) -> Response:
    """Change names, civility and notification choices; what is left out keeps its value."""
    names = request.body.given()
    notifications = names.pop("notifications", None)
    choices = notifications.given() if notifications else {}
    return Response(200, account_care.profile(account_care.update_profile(request.principal, names, choices)))
