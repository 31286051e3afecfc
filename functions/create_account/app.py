"""POST /{tenant}/accounts: create a citizen account and mail its activation link."""

from portal.accounts import registration
from portal.accounts.bodies import CreateAccount, Status
from portal.billing import family_codes
from portal.http import Request, Response, endpoint
from portal.platform.errors import PASSWORD_CODES


@endpoint(
    "create_account",
    body=CreateAccount,
    responses={202: Status},
    errors=(
        *PASSWORD_CODES,
        "terms_not_accepted",
        "captcha_failed",
        "subscriber_code_not_found",
        "too_many_attempts",
    ),
)
def handler(request: Request[CreateAccount]) -> Response:
    """Create a citizen account and mail its activation link."""
    body, tenant = request.body, request.tenant.slug
    registration.register(
        request.tenant,
        body,
        family_of=lambda code: family_codes.family_at_registration(tenant, body.email, code, request.source_ip),
    )
    # The same answer whether or not the email is known: only the mail differs.
    return Response(202, Status(status="pending_activation"))
