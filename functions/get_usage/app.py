"""GET /{tenant}/admin/usage?month=YYYY-MM: what the municipality used that month (per-use billing)."""

from portal.http import Request, Response, endpoint
from portal.usage import report
from portal.usage.bodies import Usage, UsageQuery


@endpoint("get_usage", auth="admin", params=UsageQuery, responses={200: Usage}, errors=("invalid_month",))
def handler(request: Request[None, UsageQuery]) -> Response:
    """What the municipality used in a month: requests by operation, mails, PDF links, payments, accounts."""
    return Response(200, report.report(request.tenant.slug, request.params.month))
