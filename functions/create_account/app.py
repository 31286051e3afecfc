"""POST /{tenant}/accounts: create a citizen account and mail its activation link."""

from portal.domain import accounts
from portal.http import Request, Response, endpoint
from portal.schemas.accounts import CreateAccount, Status


@endpoint("create_account", body=CreateAccount)
def handler(request: Request[CreateAccount]) -> Response:
    accounts.register(request.tenant, request.body)
    # The same answer whether or not the email is known: only the mail differs.
    return Response(202, Status(status="pending_activation"))
